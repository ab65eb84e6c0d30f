package io.mixkit.image.strategy;

import io.mixkit.image.ImageBatch;
import io.mixkit.image.augment.AugMixOps;
import io.mixkit.mix.LambdaMode;
import io.mixkit.train.MixStrategy;
import io.mixkit.train.StagedClassifier;
import io.mixkit.train.strategy.Erm;
import io.mixkit.train.strategy.StageMix;
import java.util.Arrays;
import java.util.List;

/**
 * The image methods by name, with the reference's defaults: {@code vanilla}; {@code mixup} (input mixup,
 * alpha 1: {@link StageMix} at stage 0); {@code manifold} (manifold mixup, alpha 2, a random stage among
 * input, group 1 and group 2: the same {@link StageMix} class as TMix); {@code cutmix} and
 * {@code saliencymix} (alpha 1); {@code augmix} (severity 3, width 3, depth 1-3, JS weight 12);
 * {@code puzzlemix} (Kim et al., ICML 2020; {@link PuzzleMix}).
 */
public final class ImageMethods {

    /** Method names, as on the command line. */
    public static final List<String> NAMES = List.of("vanilla", "mixup", "manifold", "cutmix", "saliencymix", "augmix", "puzzlemix");

    private ImageMethods() {}

    /**
     * Method settings; a null alpha means the method's reference default.
     *
     * @param alpha Beta concentration, or null
     * @param stages manifold-mixup stages, or null for {0, 1, 2}
     * @param puzzle PuzzleMix options
     */
    public record Settings(Double alpha, int[] stages, PuzzleMix.Settings puzzle) {

        /** @return the reference defaults for every method */
        public static Settings defaults() {
            return new Settings(null, null, PuzzleMix.Settings.defaults());
        }
    }

    /**
     * @param name a method name
     * @param s settings
     * @param model the model (to check stages)
     * @return the method, before crop-and-flip augmentation
     */
    public static MixStrategy<ImageBatch> create(String name, Settings s, StagedClassifier<ImageBatch> model) {
        return switch (name) {
            case "vanilla" -> new Erm<>();
            case "mixup" -> new StageMix<>("mixup", new int[] {0}, alpha(s, 1.0), false, LambdaMode.BATCH);
            case "manifold" -> {
                int[] stages = s.stages() != null ? s.stages() : new int[] {0, 1, Math.min(2, model.numStages())};
                stages = Arrays.stream(stages).distinct().toArray();
                yield new StageMix<>("manifold", stages, alpha(s, 2.0), false, LambdaMode.BATCH);
            }
            case "cutmix" -> new CutMix(alpha(s, 1.0), false);
            case "saliencymix" -> new CutMix(alpha(s, 1.0), true);
            case "augmix" -> new AugMix(new AugMixOps(3, 3, -1, 1.0), 12);
            case "puzzlemix" -> {
                PuzzleMix.Settings p = s.puzzle();
                if (s.alpha() != null) {
                    p = new PuzzleMix.Settings(s.alpha(), p.gridSizes(), p.energy(), p.neighSize(), p.transport(), p.tEps(),
                            p.tSize(), p.advP(), p.advEps(), p.cleanLam(), p.threads(), p.solver());
                }
                yield new PuzzleMix(p);
            }
            default -> throw new IllegalArgumentException("unknown image method '" + name + "'; expected one of " + String.join(", ", NAMES));
        };
    }

    private static double alpha(Settings s, double reference) {
        return s.alpha() != null ? s.alpha() : reference;
    }
}
