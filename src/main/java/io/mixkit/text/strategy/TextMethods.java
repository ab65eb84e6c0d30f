package io.mixkit.text.strategy;

import io.mixkit.mix.LambdaMode;
import io.mixkit.text.EncodedBatch;
import io.mixkit.text.TextClassifier;
import io.mixkit.train.MixStrategy;
import io.mixkit.train.strategy.Erm;
import io.mixkit.train.strategy.StageMix;

import java.util.Arrays;
import java.util.List;

/**
 * The supervised text methods by name, with their defaults (a registry in the manner of OpenMixup).
 *
 * <table>
 *   <caption>methods</caption>
 *   <tr><th>name</th><th>what mixes</th><th>stages</th></tr>
 *   <tr><td>erm</td><td>nothing</td><td>-</td></tr>
 *   <tr><td>tmix</td><td>hidden states after a layer drawn per batch (Chen et al. 2020)</td><td>{7, 9, 12} of 12, scaled to the depth</td></tr>
 *   <tr><td>embedmix</td><td>embedding outputs (wordMixup, Guo et al. 2019)</td><td>0</td></tr>
 *   <tr><td>senmix</td><td>pooled sentence vectors (senMixup, Guo et al. 2019)</td><td>L + 1</td></tr>
 *   <tr><td>ssmix</td><td>saliency-chosen token spans (Yoon et al. 2021)</td><td>input</td></tr>
 * </table>
 */
public final class TextMethods {

    /** Method names accepted by {@link #create}. */
    public static final List<String> NAMES = List.of("erm", "tmix", "embedmix", "senmix", "ssmix");

    /**
     * Mixing settings.
     *
     * @param alpha Beta concentration
     * @param fold whether to use {@code max(l, 1-l)}
     * @param mixLayers TMix stages (null: the paper's set scaled to the model's depth)
     * @param ssmixWindow SSMix span fraction
     */
    public record Settings(double alpha, boolean fold, int[] mixLayers, double ssmixWindow) {}

    private TextMethods() {}

    /**
     * @param method a name from {@link #NAMES}
     * @param s settings
     * @param model the classifier (for its stage numbering)
     * @return the strategy
     */
    public static MixStrategy<EncodedBatch> create(String method, Settings s, TextClassifier model) {
        return switch (method) {
            case "erm" -> new Erm<>();
            case "tmix" -> new StageMix<>("tmix", s.mixLayers() != null ? s.mixLayers()
                    : paperLayers(model.encoder().numStages()), s.alpha(), s.fold(), LambdaMode.BATCH);
            case "embedmix" -> new StageMix<>("embedmix", new int[] {0}, s.alpha(), s.fold(), LambdaMode.BATCH);
            case "senmix" -> new StageMix<>("senmix", new int[] {model.pooledStage()}, s.alpha(), s.fold(),
                    LambdaMode.BATCH);
            case "ssmix" -> new SsMix(s.ssmixWindow());
            default -> throw new IllegalArgumentException("unknown method '" + method + "'; expected one of "
                    + String.join(", ", NAMES));
        };
    }

    /**
     * TMix's layer set {7, 9, 12} for BERT-base, scaled to a model of {@code layers} layers
     * (6 layers: {4, 5, 6}; 12 layers: {7, 9, 12}).
     *
     * @param layers encoder depth
     * @return the stages
     */
    public static int[] paperLayers(int layers) {
        return Arrays.stream(new int[] {7, 9, 12})
                .map(k -> Math.max(1, (int) Math.round(k * layers / 12.0)))
                .distinct().toArray();
    }
}
