// Runs Plugins > Strip Steel > Classify Strip Folder on a folder and prints the results.csv path.
//
// Argument (optional, ImageJ option syntax):
//   input=[/folder/of/images] output=[/results/folder] model=[/path/to/model]
//   input:  default the NEU samples (Fiji.app/samples/strip-steel/neu-cls, or the project's
//           sample-images/neu-cls), sub-folders included
//   output: default <temp>/strip-steel-results
//   model:  default the plugin's default model (Fiji.app/models/neu-cls)

arg = getArgument() + " ";
input = call("ij.Macro.getValue", arg, "input", "");
output = call("ij.Macro.getValue", arg, "output", "");
model = call("ij.Macro.getValue", arg, "model", "");
if (input == "") {
	// installed: Fiji.app/macros/strip-steel/ -> Fiji.app/samples/strip-steel; a source checkout:
	// macros/ -> sample-images
	macroDir = File.getDirectory(getInfo("macro.filepath"));
	input = File.getParent(File.getParent(macroDir)) + "/samples/strip-steel/neu-cls";
	if (!File.exists(input)) input = File.getParent(macroDir) + "/sample-images/neu-cls";
}
if (output == "") output = getDirectory("temp") + "strip-steel-results";

options = "input_folder=[" + input + "] file_filter=[*.png;*.bmp;*.jpg;*.jpeg;*.tif;*.tiff] " +
	"output_folder=[" + output + "] batch_size=16 top_k=3 recursive device=auto";
if (model != "") options = options + " model=[" + model + "]";
run("Classify Strip Folder", options);

csv = output + File.separator + "results.csv";
if (File.exists(csv)) print("results: " + csv);
else print("no results.csv written; see the Log for the error");
