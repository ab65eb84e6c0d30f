package io.mixkit.text.strategy;

import io.mixkit.text.EncodedBatch;
import io.mixkit.train.MethodRegistry;
import io.mixkit.train.MethodSpec;
import io.mixkit.train.MethodSpec.NoOptions;
import io.mixkit.train.strategy.Erm;

import java.util.Arrays;

/**
 * The text methods: one line each, their options and defaults in their own files. The command line,
 * presets, {@code mixkit methods}, the benchmarks and the README's method table all read this list.
 */
public final class TextMethods {

    /** Every text method, in the order the help lists them. */
    public static final MethodRegistry<EncodedBatch, TextMethodContext> REGISTRY = new MethodRegistry<>("text",
            MethodSpec.<EncodedBatch, TextMethodContext, NoOptions>of("erm", "empirical risk minimisation",
                    "softCE(f(x), y)", Erm.class, new NoOptions(), (o, c) -> new Erm<>()),
            HiddenStateMixup.TMIX,
            HiddenStateMixup.EMBEDMIX,
            HiddenStateMixup.SENMIX,
            SsMix.METHOD,
            TokenPuzzleMix.METHOD,
            MixText.METHOD,
            LinearProbe.METHOD);

    private TextMethods() {}

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
