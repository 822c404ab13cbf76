// CycleGAN defect-sample migration for a class short of samples, then a teacher trained with them.
// Paths are examples: point data_folder at a class-folder dataset (here NEU-CLS with the NEU-LT protocol).
data = "/data/NEU-CLS";
run("Train CycleGAN (Migration)", "data_folder=[" + data + "] source_class=inclusion target_class=scratches " +
    "output_folder=[/models/gan-scratches] protocol=neu-lt size=128 crop=64 ngf=32 blocks=6 " +
    "epochs=8 decay_epochs=8 learning_rate=0.0002 diff_augment seed=42 device=auto");
run("Migrate Samples (CycleGAN)", "generator_folder=[/models/gan-scratches] " +
    "output_folder=[/data/neu-lt-samples] count=100 device=auto");
run("Train Teacher (SARSN)", "data_folder=[" + data + "] output_folder=[/models/neult-sarsn34] " +
    "arch=sarsn34 loss=adaptive protocol=neu-lt epochs=40 size=128 batch_size=32 learning_rate=0.02 " +
    "val_fraction=0.2 seed=42 migrated_folder=[/data/neu-lt-samples] device=auto");
