// Opens a strip image and runs Plugins > Strip Steel > Preprocess Strip Image three ways:
// one operation (CLAHE), Otsu (its level is the image property "otsu_threshold") and a chain.
//
// Argument (optional, ImageJ option syntax): image=[/path/to/image.bmp]
//   image: default Cr_1.bmp of the installed samples (Fiji.app/samples/strip-steel) or of the project's sample-images
// Example: runMacro("/path/macros/preprocess_image.ijm", "image=[/data/a b.png]");

arg = getArgument() + " ";
image = call("ij.Macro.getValue", arg, "image", "");
if (image == "") {
	// installed: Fiji.app/macros/strip-steel/ -> Fiji.app/samples/strip-steel; a source checkout:
	// macros/ -> sample-images
	macroDir = File.getDirectory(getInfo("macro.filepath"));
	image = File.getParent(File.getParent(macroDir)) + "/samples/strip-steel/neu-cls/crazing/Cr_1.bmp";
	if (!File.exists(image)) image = File.getParent(macroDir) + "/sample-images/neu-cls/crazing/Cr_1.bmp";
}

setBatchMode(true);
open(image);
original = getImageID();

// one operation: the result is a new image, "<title>-clahe", and becomes the current image
run("Preprocess Strip Image", "operation=clahe clip=2 tiles=8x8 threads=2");
print(getTitle() + ": " + getWidth() + "x" + getHeight());

// Otsu: a binary image; the level is an image property
selectImage(original);
run("Preprocess Strip Image", "operation=otsu");
print(getTitle() + ": threshold=" + Property.get("otsu_threshold"));

// a chain (steps separated by >, in brackets because of the spaces)
selectImage(original);
run("Preprocess Strip Image", "operation=chain " +
	"chain=[clahe(clip=2,tiles=8x8) > resize(width=128,height=128) > gaussian(sigma=1)]");
print(getTitle() + ": " + getWidth() + "x" + getHeight() + " " + Property.get("preprocessing"));
