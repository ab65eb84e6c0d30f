package io.mixkit.image.strategy;

import io.mixkit.image.ImageBatch;
import io.mixkit.train.MethodRegistry;
import io.mixkit.train.MethodSpec;
import io.mixkit.train.MethodSpec.NoOptions;
import io.mixkit.train.StagedClassifier;
import io.mixkit.train.strategy.Erm;

/**
 * The image methods: one line each, their options and the reference's defaults in their own files.
 * The command line, presets, {@code visualize} and {@code mixkit methods} read this list. Every method
 * runs after crop-and-flip augmentation ({@link Augmented}).
 */
public final class ImageMethods {

    /** Every image method, in the order the help lists them. */
    public static final MethodRegistry<ImageBatch, StagedClassifier<ImageBatch>> REGISTRY = new MethodRegistry<>("image",
            MethodSpec.<ImageBatch, StagedClassifier<ImageBatch>, NoOptions>of("vanilla", "empirical risk minimisation",
                    "CE(f(x), y)", Erm.class, new NoOptions(), (o, model) -> new Erm<>()),
            InputMixup.METHOD,
            ManifoldMixup.METHOD,
            CutMix.CUTMIX,
            CutMix.SALIENCYMIX,
            AugMix.METHOD,
            PuzzleMix.METHOD);

    private ImageMethods() {}
}
