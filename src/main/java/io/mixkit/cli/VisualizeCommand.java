package io.mixkit.cli;

import ai.djl.ndarray.NDManager;
import io.mixkit.eval.MixPicture;
import io.mixkit.image.ImageBatch;
import io.mixkit.image.ImageCheckpoint;
import io.mixkit.image.ResNetClassifier;
import io.mixkit.image.augment.AugMixOps;
import io.mixkit.image.data.ImageBatchSource;
import io.mixkit.image.data.ImageDataset;
import io.mixkit.image.data.ImageDatasets;
import io.mixkit.image.strategy.CutMix;
import io.mixkit.image.strategy.PuzzleMix;
import io.mixkit.mix.GridMasks;
import io.mixkit.mix.MixingWeights;
import io.mixkit.mix.LambdaMode;
import io.mixkit.mix.Partners;
import io.mixkit.mix.Seeds;
import io.mixkit.train.Batch;
import io.mixkit.train.StepContext;
import io.mixkit.train.TrainConfig;
import io.mixkit.train.Trainer;
import io.mixkit.train.strategy.Erm;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.commons.rng.UniformRandomProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mixkit visualize}: a PNG of mixed images, their sources, masks and label weights. */
@Command(name = "visualize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Draw how an image method mixes: per row the image, its partner, the mask (white = the image's",
                "own pixels) and the mixed image, captioned with the label weights. PuzzleMix needs a model for its",
                "saliency: --checkpoint (a train --task image run), or a small ResNet trained here for a few seconds."})
final class VisualizeCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Mixin
    PuzzleMixOptions puzzle;

    @Spec
    CommandSpec spec;

    @Option(names = "--method", defaultValue = "puzzlemix", description = "puzzlemix, cutmix, saliencymix, mixup or augmix (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--data", description = "As for train --task image (default: the embedded Fashion-MNIST images).")
    String data;

    @Option(names = "--checkpoint", description = "A train --task image run (or its checkpoint/) whose model gives PuzzleMix's saliency.")
    Path checkpoint;

    @Option(names = "--pairs", defaultValue = "6", description = "Rows to draw (default: ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--alpha", defaultValue = "1.0", description = "Beta(alpha, alpha) of the mixing weight (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--lam", description = "Use this mixing weight instead of a Beta(alpha, alpha) draw.")
    Float lam;

    @Option(names = "--scale", defaultValue = "4", description = "Pixel enlargement (default: ${DEFAULT-VALUE}).")
    int scale;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the draws (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, description = "The PNG to write.")
    Path out;

    @Override
    public Integer call() throws Exception {
        OptionChecks.oneOf("--method", method, List.of("puzzlemix", "cutmix", "saliencymix", "mixup", "augmix"));
        OptionChecks.atLeast("--pairs", pairs, 1);
        OptionChecks.atLeast("--scale", scale, 1);
        OptionChecks.positive("--alpha", alpha);
        if (lam != null) {
            OptionChecks.inUnitInterval("--lam", lam);
        }
        OptionChecks.writableFile("--out", out);
        OptionChecks.imageData("--data", data);
        if (checkpoint != null) {
            OptionChecks.imageCheckpoint("--checkpoint", checkpoint);
        }
        TrainChecks.puzzle(puzzle);
        ImageDatasets.Splits splits = ImageDatasets.load(data, 32);
        ImageDataset d = splits.train();
        if (d.size() < 2) {
            throw new IllegalArgumentException(splits.name() + ": at least 2 training images are needed");
        }
        if (method.equals("puzzlemix")) {
            puzzle.puzzle().checkImages(d.height(), d.width());
        }
        int n = Math.min(d.size(), 2 * pairs);
        int[] idx = new int[n];
        Arrays.setAll(idx, i -> i);
        ImageBatchSource src = new ImageBatchSource(d);
        Batch<ImageBatch> batch = src.batch(idx);
        ImageBatch x = batch.inputs();
        UniformRandomProvider rng = Seeds.random(seed);
        List<String> names = d.classNames();
        List<MixPicture.Row> rows = new ArrayList<>();
        List<String> columns = List.of("image", "partner", "mask", "mixed");
        String title;
        int c = x.channels();
        int s = x.height();
        switch (method) {
            case "augmix" -> {
                AugMixOps ops = new AugMixOps(3, 3, -1, 1.0);
                for (int i = 0; i < Math.min(pairs, n); i++) {
                    float[] img = x.image(i);
                    rows.add(new MixPicture.Row(List.of(tile(img, c, s), tile(ops.augmentAndMix(img, c, s, rng), c, s),
                            tile(ops.augmentAndMix(img, c, s, rng), c, s)), names.get(batch.labels()[i])));
                }
                columns = List.of("image", "AugMix view 1", "AugMix view 2");
                title = "AugMix (severity 3, width 3, depth 1-3) on " + splits.name();
            }
            case "mixup" -> {
                int[] perm = Partners.permutation(n, rng);
                float w = new MixingWeights(alpha, false, LambdaMode.BATCH).sample(rng, perm)[0];
                float weight = lam != null ? lam : w;
                float[] mask = new float[s * s];
                Arrays.fill(mask, weight);
                for (int i = 0; i < Math.min(pairs, n); i++) {
                    rows.add(row(x, i, perm[i], mask, GridMasks.mix(x.image(i), x.image(perm[i]), mask), weight, batch.labels(), names, ""));
                }
                title = "input mixup, " + (lam != null ? "lam " + lam : "alpha " + alpha) + ", on " + splits.name();
            }
            case "cutmix", "saliencymix" -> {
                CutMix.Mixed m = new CutMix(alpha, method.equals("saliencymix")).draw(x, rng, fixed());
                for (int i = 0; i < Math.min(pairs, n); i++) {
                    rows.add(row(x, i, m.perm()[i], m.boxes()[i].pixelMask(), m.mixed().image(i), m.ownWeight()[i],
                            batch.labels(), names, ""));
                }
                title = method + ", " + (lam != null ? "lam " + lam : "alpha " + alpha) + ", on " + splits.name();
            }
            case "puzzlemix" -> {
                PuzzleMix.Settings p = puzzle.puzzle();
                PuzzleMix pm = new PuzzleMix(new PuzzleMix.Settings(alpha, p.gridSizes(), p.energy(), p.neighSize(), p.transport(),
                        p.tEps(), p.tSize(), p.advP(), p.advEps(), p.cleanLam(), p.threads(), p.solver()));
                try (pm; ResNetClassifier model = saliencyModel(d, spec.commandLine().getErr());
                     NDManager m = model.parameters().manager().newSubManager()) {
                    PuzzleMix.Mixed mixed = pm.draw(new StepContext<>(model, m, rng, 1, 1), batch, new LinkedHashMap<>(), fixed());
                    for (int i = 0; i < Math.min(pairs, n); i++) {
                        rows.add(row(x, i, mixed.perm()[i], GridMasks.upsample(mixed.masks()[i], s), mixed.mixed().image(i),
                                mixed.ownWeight()[i], batch.labels(), names, ", " + mixed.blocks() + "x" + mixed.blocks() + " blocks"));
                    }
                    title = "PuzzleMix (" + p.solver() + " masks, " + (p.transport() ? "transport" : "no transport")
                            + ", " + (lam != null ? "lam " + lam : "alpha " + alpha) + ") on " + splits.name();
                }
            }
            default -> throw new IllegalArgumentException("unknown method '" + method + "'; expected puzzlemix, cutmix, saliencymix, mixup or augmix");
        }
        MixPicture.write(out, title, columns, rows, scale);
        PrintWriter o = spec.commandLine().getOut();
        o.println("wrote " + out);
        o.flush();
        return 0;
    }

    private float fixed() {
        if (lam != null && (lam < 0 || lam > 1)) {
            throw new IllegalArgumentException("--lam must be in [0, 1], got " + lam);
        }
        return lam == null ? Float.NaN : lam;
    }

    private ResNetClassifier saliencyModel(ImageDataset d, PrintWriter err) throws Exception {
        if (checkpoint != null) {
            return ImageCheckpoint.load(checkpoint).model();
        }
        ImageDataset train = d.first(2000);
        err.println("visualize: no --checkpoint; training a small ResNet on " + train.size()
                + " images for 2 epochs for PuzzleMix's saliency");
        err.flush();
        ResNetClassifier model = new ResNetClassifier(ResNetClassifier.Architecture.SMALL, train.channels(),
                train.classNames().size(), train.channelMean(), train.channelStd(), seed);
        TrainConfig cfg = TrainConfig.defaults().withEpochs(2).withBatchSize(64).withLearningRates(2e-3, 2e-3).withSeed(seed);
        new Trainer<ImageBatch>(model, new Erm<>(), cfg).fit(new ImageBatchSource(train));
        return model;
    }

    private static MixPicture.Row row(ImageBatch x, int i, int j, float[] pixelMask, float[] mixed, float w, int[] labels,
                                      List<String> names, String extra) {
        int c = x.channels();
        int s = x.height();
        String caption = String.format("%.2f %s + %.2f %s%s", w, names.get(labels[i]), 1 - w, names.get(labels[j]), extra);
        return new MixPicture.Row(List.of(tile(x.image(i), c, s), tile(x.image(j), c, s), tile(pixelMask, 1, s), tile(mixed, c, s)), caption);
    }

    private static MixPicture.Tile tile(float[] pixels, int channels, int size) {
        return new MixPicture.Tile(pixels, channels, size);
    }
}
