package io.mixkit.eval;

import ai.djl.engine.Engine;
import io.mixkit.MixKitRuntime;
import io.mixkit.text.EncodedBatch;
import io.mixkit.text.Pooling;
import io.mixkit.text.TextClassifier;
import io.mixkit.text.TextModel;
import io.mixkit.text.data.TextBatchSource;
import io.mixkit.text.strategy.TextMethods;
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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training step time of each text method next to ERM's, in one process, alternating rounds so machine
 * load hits all alike: MiniLM-L6, batch 16 x 128 tokens, the whole step (forward, backward, clipping,
 * AdamW); MixText adds 8 unlabeled texts of the same length with K views ({@code mixtext:K}).
 * Not a test: run {@code eval/bench-step.sh}.
 *
 * <p>Arguments: {@code [rounds] [steps per round] [output markdown] [methods...]}.
 */
public final class StepBenchmark {

    private StepBenchmark() {}

    public static void main(String[] args) throws Exception {
        MixKitRuntime.init();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Path report = args.length > 2 ? Paths.get(args[2]) : null;
        List<String> methods = args.length > 3 ? Arrays.asList(args).subList(3, args.length)
                : List.of("erm", "tmix", "embedmix", "senmix", "ssmix", "tokenpuzzle", "mixtext:0", "mixtext:1", "mixtext:2");
        int batch = 16;
        int length = 128;
        String text = String.join(" ", Collections.nCopies(40, "mixup interpolates hidden states of two examples"));
        List<String> texts = new ArrayList<>();
        int[] labels = new int[batch * steps];
        for (int i = 0; i < batch * steps; i++) {
            texts.add(i + " " + text);
            labels[i] = i % 2;
        }
        Map<String, List<Double>> times = new LinkedHashMap<>();
        methods.forEach(m -> times.put(m, new ArrayList<>()));
        Map<String, List<TrainingListener.Phases>> phases = new LinkedHashMap<>();
        methods.forEach(m -> phases.put(m, new ArrayList<>()));
        try (TextModel model = TextModel.load("minilm-l6", false)) {
            Engine.getInstance().setRandomSeed(1);
            TextClassifier classifier = new TextClassifier(model.encoder(), Pooling.MEAN, 2);
            TextBatchSource src = new TextBatchSource(texts, labels, model.tokenizer(), length);
            TrainConfig cfg = TrainConfig.defaults().withEpochs(1).withBatchSize(batch);
            for (int r = -1; r < rounds; r++) { // round -1 warms up
                for (String spec : methods) {
                    // NAME@bf16: the method with the encoder's matrix products in bf16
                    String m = spec.replace("@bf16", "");
                    model.encoder().setPrecision(spec.endsWith("@bf16") ? io.mixkit.train.Precision.BF16
                            : io.mixkit.train.Precision.FP32);
                    MixStrategy<EncodedBatch> s = m.startsWith("mixtext")
                            ? mixText(m, texts, classifier, model, length)
                            : TextMethods.REGISTRY.create(m, io.mixkit.text.strategy.TextMethodContext.of(classifier));
                    List<Double> round = new ArrayList<>();
                    List<TrainingListener.Phases> roundPhases = new ArrayList<>();
                    new Trainer<>(classifier, s, cfg).addListener(new TrainingListener() {
                        @Override
                        public void onStep(Step st) {
                            round.add(batch / st.examplesPerSecond());
                            roundPhases.add(st.phases());
                        }
                    }).fit(src);
                    if (r >= 0) {
                        times.get(spec).addAll(round);
                        phases.get(spec).addAll(roundPhases);
                        System.out.printf("round %d %-9s median step %.3f s%n", r + 1, spec, median(round));
                    }
                }
            }
        }
        double erm = median(times.get(methods.get(0)));
        StringBuilder md = new StringBuilder("# Training step time by method\n\n")
                .append("Produced by `").append(System.getProperty("mixkit.command", "eval/bench-step.sh"))
                .append("` on ").append(Instant.now()).append(".\n\n")
                .append(String.format("MiniLM-L6, batch %d x %d tokens, %d intra-op threads, %d cores; whole step "
                        + "(forward, backward, clipping, AdamW); %d rounds of %d steps, methods alternating.%n%n",
                        batch, length, MixKitRuntime.threads(), Runtime.getRuntime().availableProcessors(), rounds, steps))
                .append("| method | median step (s) | ratio to ").append(methods.get(0)).append(" |\n|---|---|---|\n");
        for (Map.Entry<String, List<Double>> e : times.entrySet()) {
            double t = median(e.getValue());
            md.append(String.format("| %s | %.3f | %.3f |%n", e.getKey(), t, t / erm));
            System.out.printf("RESULT %s %.6f%n", e.getKey(), t); // for eval/bench-vs-pytorch.sh
        }
        md.append("\nWhere a step's time goes (medians, seconds; tensors = those the step made, a measure of native calls):\n\n")
                .append("| method | batch | before recording | forward | backward | norm | clip + AdamW | tensors |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, List<TrainingListener.Phases>> e : phases.entrySet()) {
            List<TrainingListener.Phases> ps = e.getValue();
            md.append(String.format("| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.0f |%n", e.getKey(),
                    median(ps.stream().map(TrainingListener.Phases::batchSeconds).toList()),
                    median(ps.stream().map(TrainingListener.Phases::beforeSeconds).toList()),
                    median(ps.stream().map(TrainingListener.Phases::forwardSeconds).toList()),
                    median(ps.stream().map(TrainingListener.Phases::backwardSeconds).toList()),
                    median(ps.stream().map(TrainingListener.Phases::normSeconds).toList()),
                    median(ps.stream().map(TrainingListener.Phases::updateSeconds).toList()),
                    median(ps.stream().map(p -> (double) p.stepArrays()).toList())));
        }
        md.append("\n/proc/loadavg at the end: `").append(Files.readString(Paths.get("/proc/loadavg")).strip()).append("`\n");
        System.out.print(md);
        if (report != null) {
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, md.toString());
        }
    }

    /** Unlabeled views by K, made once and warmed: a step reads cached views, as a run does after its first epoch. */
    private static final Map<Integer, io.mixkit.text.unlabeled.UnlabeledViews> VIEWS = new java.util.HashMap<>();

    /** {@code mixtext:K}: MixText with U = 8 unlabeled texts of the same length and K EDA views (cached). */
    private static MixStrategy<EncodedBatch> mixText(String spec, List<String> texts, TextClassifier classifier,
                                                     TextModel model, int length) throws java.io.IOException {
        int k = Integer.parseInt(spec.substring(spec.indexOf(':') + 1));
        var views = VIEWS.get(k);
        if (views == null) {
            var cache = new io.mixkit.text.augment.AugmentationCache(java.nio.file.Files.createTempDirectory("mixkit-bench"),
                    new io.mixkit.text.augment.Eda(0.1), Math.max(1, k), 1);
            views = new io.mixkit.text.unlabeled.UnlabeledViews(new io.mixkit.text.unlabeled.ListPool(texts, "bench"),
                    null, cache, k);
            for (int i = 0; i < texts.size(); i++) {
                views.views(i); // computed and cached now, not inside the timed steps
            }
            VIEWS.put(k, views);
        }
        return new io.mixkit.text.strategy.MixText(views, model.tokenizer(), io.mixkit.text.strategy.MixText.Options.builder()
                .optAlpha(16).optMixLayers(TextMethods.paperLayers(classifier.encoder().numStages())).build(), length);
    }

    /** @param v values @return their median (NaN when empty) */
    static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
