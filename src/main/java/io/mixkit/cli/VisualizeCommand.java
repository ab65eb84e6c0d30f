package io.mixkit.cli;

import io.mixkit.image.ImageBatch;
import com.fasterxml.jackson.databind.JsonNode;
import io.mixkit.image.strategy.DrawsMixes;
import io.mixkit.run.MixDrawingRun;
import io.mixkit.image.strategy.ImageMethods;
import io.mixkit.train.MethodOptions;
import io.mixkit.train.MethodSpec;
import io.mixkit.train.StagedClassifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mixkit visualize}: a PNG of mixed images, their sources, masks and label weights, drawn by the method itself. */
@Command(name = "visualize", mixinStandardHelpOptions = true, sortOptions = false, defaultValueProvider = MethodFlagLayers.Defaults.class,
        description = {"Draw how an image method mixes: per row the image, its partner, the mask (white = the image's",
                "own pixels) and the mixed image, captioned with the label weights. PuzzleMix needs a model for its",
                "saliency: --checkpoint (a train image run), or a small ResNet trained here for a few seconds."})
final class VisualizeCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    VisualizeMethodOptions method;

    @Mixin
    ImageMethodFlags flags;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", description = "As for train image (default: the embedded Fashion-MNIST images).")
    String data;

    @Option(names = "--checkpoint", description = "A train image run (or its checkpoint/) whose model gives PuzzleMix's saliency.")
    Path checkpoint;

    @Option(names = "--pairs", defaultValue = "6", description = "Rows to draw (default: ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--lam", description = "Use this mixing weight instead of a Beta(alpha, alpha) draw.")
    Float lam;

    @Option(names = "--scale", defaultValue = "4", description = "Pixel enlargement (default: ${DEFAULT-VALUE}).")
    int scale;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, description = "The PNG to write.")
    Path out;

    /** @return the registered image methods that can draw themselves */
    static List<String> drawable() {
        return ImageMethods.REGISTRY.all().stream().filter(s -> DrawsMixes.class.isAssignableFrom(s.strategyType()))
                .map(MethodSpec::name).toList();
    }

    @Override
    public Integer call() throws Exception {
        OptionChecks.oneOf("--method", method.name, drawable());
        OptionChecks.atLeast("--pairs", pairs, 1);
        OptionChecks.atLeast("--scale", scale, 1);
        if (flags.alpha != null) {
            OptionChecks.positive("--alpha", flags.alpha);
        }
        if (lam != null) {
            OptionChecks.inUnitInterval("--lam", lam);
        }
        OptionChecks.writableFile("--out", out);
        OptionChecks.imageData("--data", data);
        if (checkpoint != null) {
            OptionChecks.imageCheckpoint("--checkpoint", checkpoint);
        }
        TrainChecks.puzzle(flags);
        MethodSpec<ImageBatch, StagedClassifier<ImageBatch>, ?> m = ImageMethods.REGISTRY.get(method.name);
        Map<String, JsonNode> given = MethodFlagLayers.given(spec.commandLine().getParseResult(), ImageMethodFlags.class);
        Map<String, JsonNode> pairsGiven = MethodFlagLayers.pairs(method.options);
        MethodFlagLayers.checkUsed(List.of(m), given, pairsGiven);
        Object options = MethodOptions.bind(m, MethodFlagLayers.layers(m, given, pairsGiven));
        MixDrawingRun.run(new MixDrawingRun.Settings(method.name, options, data, checkpoint, pairs,
                lam == null ? Float.NaN : lam, seed, scale, out, spec.commandLine().getErr()));
        PrintWriter o = spec.commandLine().getOut();
        o.println("wrote " + out);
        o.flush();
        return 0;
    }
}
