// Opens a strip image, runs Plugins > Strip Steel > Classify Strip Image and prints the result
// from the "Strip Defect Results" table.
//
// Argument (optional, ImageJ option syntax): image=[/path/to/image.bmp] model=[/path/to/model]
//   image: default Cr_1.bmp of the installed samples (Fiji.app/samples/strip-steel) or of the project's sample-images
//   model: default the plugin's default model (Fiji.app/models/neu-cls)
// Example: runMacro("/path/macros/classify_open_image.ijm", "image=[/data/a b.png] model=[/m/neu]");

arg = getArgument() + " ";
image = call("ij.Macro.getValue", arg, "image", "");
model = call("ij.Macro.getValue", arg, "model", "");
if (image == "") {
	// installed: Fiji.app/macros/strip-steel/ -> Fiji.app/samples/strip-steel; a source checkout:
	// macros/ -> sample-images
	macroDir = File.getDirectory(getInfo("macro.filepath"));
	image = File.getParent(File.getParent(macroDir)) + "/samples/strip-steel/neu-cls/crazing/Cr_1.bmp";
	if (!File.exists(image)) image = File.getParent(macroDir) + "/sample-images/neu-cls/crazing/Cr_1.bmp";
}

setBatchMode(true);
open(image);
options = "device=auto top_k=3";
if (model != "") options = "model=[" + model + "] " + options;
run("Classify Strip Image", options);

// Table.getString works where the table has a window; call() also works headless
T = "io.github.stripsteel.fiji.StripResultsTable";
cls = call(T + ".value", "predicted_class", "-1");
conf = call(T + ".value", "confidence", "-1");
topk = call(T + ".value", "top_k", "-1");
print(getTitle() + ": " + cls + " (confidence " + conf + "; top-3 " + topk + ")");
