package io.mixkit.cli;

import picocli.CommandLine.Option;

/** The options of {@code train --task image} (PuzzleMix's names as in the reference, with dashes). */
final class ImageOptions {

    @Option(names = "--data", description = "Image data: fashion-mnist-small (embedded, the default), fashion-mnist (datasets/fetch-fashion-mnist.sh), a folder of IDX files, or a folder with train/ and test/ class folders.")
    String data;

    @Option(names = "--arch", description = "small (a 3-group pre-activation ResNet) or preactresnet18 (default: the preset's).")
    String arch;

    @Option(names = "--lr", description = "Learning rate of the whole network (default: the preset's).")
    Double lr;

    @Option(names = "--optimizer", description = "adamw, or sgd (momentum 0.9, Nesterov, coupled weight decay: the PuzzleMix recipe) (default: the preset's).")
    String optimizer;

    @Option(names = "--schedule", description = "linear, constant, or step (x0.1 at 1/3 and 2/3 of the run, as PuzzleMix's 400/800 of 1200 epochs) (default: the preset's).")
    String schedule;

    @Option(names = "--weight-decay", description = "Weight decay (default: the preset's).")
    Double weightDecay;

    @Option(names = "--train-size", description = "Use only the first N training images.")
    Integer trainSize;

    @Option(names = "--test-size", description = "Use only the first N test images.")
    Integer testSize;

    @Option(names = "--valid-size", defaultValue = "0", description = "Hold out the last N training images for validation and model selection (default: none; the last model is tested).")
    int validSize;

    @Option(names = "--pad-to", description = "Zero-pad images to this side (default 32, so that 2, 4, 8 and 16 blocks divide Fashion-MNIST).")
    Integer padTo;

    @Option(names = "--crop-padding", description = "Random-crop padding in pixels (0 = no cropping; default 4).")
    Integer cropPadding;

    @Option(names = "--flip", negatable = true, description = "Random horizontal flips (default on).")
    Boolean flip;

    @Option(names = "--mix-stages", split = ",", description = "Manifold mixup stages (default 0,1,2).")
    int[] mixStages;

    @Option(names = "--fgsm-eps", description = "FGSM radius in 1/255 for the robustness report (default 8; 0 = skip).")
    Double fgsmEps;
}
