// Classifies a strip image tile by tile with Plugins > Strip Steel > Classify Strip Tiles: one row
// per tile in the "Strip Tile Results" table and the class map on the image's overlay (hue = class,
// opacity = confidence, a legend; Image > Overlay > Hide Overlay toggles it).
//
// Argument (optional, ImageJ option syntax): image=[/path/to/strip.png] model=[/path/to/model]
//   image: default a strip of two samples side by side (crazing | scratches, 400x200), from the
//          installed samples (Fiji.app/samples/strip-steel) or the project's sample-images
//   model: default the plugin's default model (Edit > Options > Strip Steel, else Fiji.app/models/neu-cls)
// Example: runMacro("/path/macros/classify_strip_tiles.ijm", "image=[/data/strip 7.png]");

arg = getArgument() + " ";
image = call("ij.Macro.getValue", arg, "image", "");
model = call("ij.Macro.getValue", arg, "model", "");

setBatchMode(true);
if (image != "") open(image);
else {
	// installed: Fiji.app/macros/strip-steel/ -> Fiji.app/samples/strip-steel; a source checkout:
	// macros/ -> sample-images
	macroDir = File.getDirectory(getInfo("macro.filepath"));
	samples = File.getParent(File.getParent(macroDir)) + "/samples/strip-steel/neu-cls";
	if (!File.exists(samples)) samples = File.getParent(macroDir) + "/sample-images/neu-cls";
	open(samples + "/crazing/Cr_1.bmp");
	open(samples + "/scratches/Sc_1.bmp");
	run("Combine...", "stack1=Cr_1.bmp stack2=Sc_1.bmp");
	rename("strip.png");
}

// tile_size=200: NEU's image size; 0 (or leaving it out) uses the model's input size
options = "tile_size=200 overlap=0 top_k=3 device=auto";
if (model != "") options = "model=[" + model + "] " + options;
run("Classify Strip Tiles", options);

T = "io.github.stripsteel.fiji.StripResultsTable";
n = parseInt(call(T + ".tileCount"));
for (row = 0; row < n; row++)
	print(call(T + ".tileValue", "file", row) + " tile at " + call(T + ".tileValue", "x", row) + "," +
		call(T + ".tileValue", "y", row) + ": " + call(T + ".tileValue", "predicted_class", row) +
		" (" + call(T + ".tileValue", "confidence", row) + ")");
print(getTitle() + ": " + n + " tiles; overlay elements (tiles and legend): " + Overlay.size);
