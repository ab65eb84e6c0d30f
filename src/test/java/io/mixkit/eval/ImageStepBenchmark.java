package io.mixkit.eval;

import ai.djl.engine.Engine;
import io.mixkit.MixKitRuntime;
import io.mixkit.image.ImageBatch;
import io.mixkit.image.ResNetClassifier;
import io.mixkit.image.augment.CropFlip;
import io.mixkit.image.data.ImageBatchSource;
import io.mixkit.image.data.ImageDataset;
import io.mixkit.image.data.ImageDatasets;
import io.mixkit.image.strategy.Augmented;
import io.mixkit.image.strategy.ImageMethods;
import io.mixkit.image.strategy.PuzzleMix;
import io.mixkit.train.MixStrategy;
import io.mixkit.train.TrainConfig;
import io.mixkit.train.Trainer;
import io.mixkit.train.TrainingListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training step time of each image method next to vanilla's, in one process, methods alternating
 * round by round so machine load hits all alike: real Fashion-MNIST images (the embedded set, padded to
 * 32x32), the whole step (augmentation, mixing, forward, backward, clipping, AdamW). For PuzzleMix the
 * host-side mask optimisation + transport time is reported separately. Not a test: run
 * {@code eval/bench-image-step.sh}.
 *
 * <p>Arguments: {@code [rounds] [steps per round] [batch] [arch] [output markdown] [methods...]}.
 */
public final class ImageStepBenchmark {

    private ImageStepBenchmark() {}

    public static void main(String[] args) throws Exception {
        MixKitRuntime.init();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        ResNetClassifier.Architecture arch = ResNetClassifier.Architecture.parse(args.length > 3 ? args[3] : "small");
        Path report = args.length > 4 ? Paths.get(args[4]) : null;
        List<String> methods = args.length > 5 ? Arrays.asList(args).subList(5, args.length) : defaultMethods();
        ImageDataset data = ImageDatasets.load(null, 32).train().first(batch * steps);
        Map<String, List<Double>> times = new LinkedHashMap<>();
        Map<String, List<Double>> maskTimes = new LinkedHashMap<>();
        Map<String, List<Double>> saliencyTimes = new LinkedHashMap<>();
        methods.forEach(m -> times.put(m, new ArrayList<>()));
        Engine.getInstance().setRandomSeed(1);
        try (ResNetClassifier model = new ResNetClassifier(arch, 1, 10, data.channelMean(), data.channelStd(), 1)) {
            TrainConfig cfg = TrainConfig.defaults().withEpochs(1).withBatchSize(batch);
            ImageBatchSource src = new ImageBatchSource(data);
            for (int r = -1; r < rounds; r++) { // round -1 warms up
                for (String m : methods) {
                    MixStrategy<ImageBatch> inner = create(m, model);
                    List<Double> round = new ArrayList<>();
                    List<Double> masks = new ArrayList<>();
                    List<Double> saliency = new ArrayList<>();
                    new Trainer<>(model, new Augmented(inner, new CropFlip(4, true)), cfg).addListener(new TrainingListener() {
                        @Override
                        public void onStep(Step st) {
                            round.add(batch / st.examplesPerSecond());
                            if (inner instanceof PuzzleMix p) {
                                masks.add(p.lastMaskSeconds());
                                saliency.add(p.lastSaliencySeconds());
                            }
                        }
                    }).fit(src);
                    if (r >= 0) {
                        times.get(m).addAll(round);
                        if (!masks.isEmpty()) {
                            maskTimes.computeIfAbsent(m, k -> new ArrayList<>()).addAll(masks);
                            saliencyTimes.computeIfAbsent(m, k -> new ArrayList<>()).addAll(saliency);
                        }
                        System.out.printf("round %d %-11s median step %.4f s%n", r + 1, m, StepBenchmark.median(round));
                    }
                }
            }
        }
        double base = StepBenchmark.median(times.get(methods.get(0)));
        StringBuilder md = new StringBuilder("# Image training step time by method\n\n")
                .append("Produced by `").append(System.getProperty("mixkit.command", "eval/bench-image-step.sh"))
                .append("` on ").append(Instant.now()).append(".\n\n")
                .append(String.format("%s, Fashion-MNIST padded to 32x32, batch %d, %d intra-op threads, %d cores; whole step "
                        + "(crop/flip, mixing, forward, backward, clipping, AdamW); %d rounds of %d steps, methods alternating.%n%n",
                        arch.name(), batch, MixKitRuntime.threads(), Runtime.getRuntime().availableProcessors(), rounds, steps))
                .append("| method | median step (s) | ratio to ").append(methods.get(0)).append(" |\n|---|---|---|\n");
        for (Map.Entry<String, List<Double>> e : times.entrySet()) {
            double t = StepBenchmark.median(e.getValue());
            md.append(String.format("| %s | %.4f | %.3f |%n", e.getKey(), t, t / base));
        }
        if (!maskTimes.isEmpty()) {
            md.append(String.format("%nWhere PuzzleMix's extra time goes (medians per step, included in the step above; %d graph-cut threads):%n%n",
                    Runtime.getRuntime().availableProcessors()))
                    .append("| method | saliency pass (s) | ratio to ").append(methods.get(0))
                    .append("'s step | mask optimisation + transport (s) | ratio to ").append(methods.get(0)).append("'s step |\n|---|---|---|---|---|\n");
            maskTimes.forEach((m, t) -> {
                double sal = StepBenchmark.median(saliencyTimes.get(m));
                double mask = StepBenchmark.median(t);
                md.append(String.format("| %s | %.4f | %.3f | %.4f | %.3f |%n", m, sal, sal / base, mask, mask / base));
            });
        }
        md.append("\n/proc/loadavg at the end: `").append(Files.readString(Paths.get("/proc/loadavg")).strip()).append("`\n");
        System.out.print(md);
        if (report != null) {
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, md.toString());
        }
    }

    private static List<String> defaultMethods() {
        List<String> all = new ArrayList<>(ImageMethods.REGISTRY.names());
        all.add("puzzlemix:swap");
        return all;
    }

    /** A method name, or {@code puzzlemix:swap} for PuzzleMix with the reference's alpha-beta swap solver. */
    private static MixStrategy<ImageBatch> create(String m, ResNetClassifier model) {
        if (m.equals("puzzlemix:swap")) {
            return new PuzzleMix(PuzzleMix.Settings.builder().optMaskSolver("swap").build());
        }
        return ImageMethods.REGISTRY.create(m, model);
    }
}
