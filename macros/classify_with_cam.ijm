// Opens a strip image, runs Plugins > Strip Steel > Classify Strip Image with the class activation
// map (key cam): a translucent heat map of where the predicted class's evidence lies, and its box,
// on the image's overlay (docs/LOCALISATION.md). Image > Overlay > Hide Overlay toggles it.
//
// Argument (optional, ImageJ option syntax): image=[/path/to/image.bmp] model=[/path/to/model]
//   image: default sample-images/neu-cls/scratches/Sc_1.bmp of the project (this macro's ../)
//   model: default the plugin's default model (Fiji.app/models/neu-cls)
// Example: runMacro("/path/macros/classify_with_cam.ijm", "image=[/data/a b.png] model=[/m/neu]");

arg = getArgument() + " ";
image = call("ij.Macro.getValue", arg, "image", "");
model = call("ij.Macro.getValue", arg, "model", "");
if (image == "") {
	macroDir = File.getDirectory(getInfo("macro.filepath"));
	image = File.getParent(macroDir) + "/sample-images/neu-cls/scratches/Sc_1.bmp";
}

setBatchMode(true);
open(image);
options = "device=auto top_k=3 cam";
if (model != "") options = "model=[" + model + "] " + options;
run("Classify Strip Image", options);

T = "io.github.stripsteel.fiji.StripResultsTable";
cls = call(T + ".value", "predicted_class", "-1");
print(getTitle() + ": " + cls + "; overlay elements (frame, label, heat map, box): " + Overlay.size);
