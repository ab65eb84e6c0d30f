package io.mixkit.eval;

import ai.djl.engine.Engine;
import io.mixkit.MixKitRuntime;
import io.mixkit.text.EncodedBatch;
import io.mixkit.text.Pooling;
import io.mixkit.text.TextClassifier;
import io.mixkit.text.TextModel;
import io.mixkit.text.data.LabelVocabulary;
import io.mixkit.text.data.TextBatchSource;
import io.mixkit.text.data.TextDataReader;
import io.mixkit.text.data.TextExamples;
import io.mixkit.train.BatchSource;
import io.mixkit.train.Predictions;
import io.mixkit.train.TrainConfig;
import io.mixkit.train.Trainer;
import io.mixkit.train.TrainingListener;
import io.mixkit.train.strategy.Erm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sequences/s on real texts with and without length bucketing: evaluation ({@link Predictions}, batch 64,
 * dataset order against longest first) and ERM training steps (batch 16, shuffled order against windows of 8
 * batches sorted by length). MiniLM; the texts of each data set's test split (the first {@code cap}).
 * Not a test: run {@code eval/bench-buckets.sh}.
 *
 * <p>Arguments: {@code maxLength cap out.md dataset-name=test-file ...}
 */
public final class LengthBucketBenchmark {

    private LengthBucketBenchmark() {}

    /** The same examples with every length hint 0: the order they come in. */
    record Unsorted(BatchSource<EncodedBatch> s) implements BatchSource<EncodedBatch> {
        public int size() {
            return s.size();
        }

        public int label(int index) {
            return s.label(index);
        }

        public EncodedBatch inputs(int[] indices) {
            return s.inputs(indices);
        }
    }

    public static void main(String[] args) throws Exception {
        MixKitRuntime.init();
        int maxLength = Integer.parseInt(args[0]);
        int cap = Integer.parseInt(args[1]);
        Path out = Paths.get(args[2]);
        StringBuilder md = new StringBuilder("# Length bucketing on real texts\n\nProduced by `")
                .append(System.getProperty("mixkit.command", "eval/bench-buckets.sh")).append("` on ").append(Instant.now())
                .append(String.format(".%n%nMiniLM-L6, %d tokens at most, %d intra-op threads. Evaluation: `Predictions`, "
                        + "batch 64, padding to the longest text of each batch. Training: ERM steps, batch 16, 12 steps "
                        + "after 2 warm-up steps (median step); bucketed = windows of 8 batches sorted by length.%n%n",
                        maxLength, MixKitRuntime.threads()))
                .append("| data | texts | mean tokens | eval seq/s, dataset order | eval seq/s, bucketed | speed-up "
                        + "| train seq/s, shuffled | train seq/s, bucketed | speed-up |\n|---|---|---|---|---|---|---|---|---|\n");
        for (int a = 3; a < args.length; a++) {
            try (TextModel model = TextModel.load("minilm-l6", false)) { // a fresh model (and head) per data set
                String name = args[a].substring(0, args[a].indexOf('='));
                Path file = Paths.get(args[a].substring(args[a].indexOf('=') + 1));
                TextExamples all = TextDataReader.read(file, "text", "label");
                int[] firstIdx = java.util.stream.IntStream.range(0, Math.min(cap, all.size())).toArray();
                TextExamples ex = all.subset(firstIdx, name);
                LabelVocabulary vocab = LabelVocabulary.of(ex);
                TextBatchSource src = new TextBatchSource(ex, vocab.indices(ex), model.tokenizer(), maxLength);
                long tokens = 0;
                for (int i = 0; i < ex.size(); i++) {
                    tokens += model.tokenizer().encode(List.of(ex.texts().get(i)), maxLength).length();
                }
                Engine.getInstance().setRandomSeed(1);
                TextClassifier c = new TextClassifier(model.encoder(), Pooling.MEAN, vocab.size());
                Predictions.of(c, src, 64); // warm-up
                double plain = evalRate(c, new Unsorted(src), ex.size());
                double bucketed = evalRate(c, src, ex.size());
                double trainPlain = trainRate(c, src, 0);
                double trainBucketed = trainRate(c, src, 8);
                String row = String.format("| %s | %d | %.0f | %.1f | %.1f | %.2fx | %.1f | %.1f | %.2fx |%n", name, ex.size(),
                        (double) tokens / ex.size(), plain, bucketed, bucketed / plain, trainPlain, trainBucketed,
                        trainBucketed / trainPlain);
                System.out.print(row);
                md.append(row);
            }
        }
        md.append("\n/proc/loadavg at the end: `").append(Files.readString(Paths.get("/proc/loadavg")).strip()).append("`\n");
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, md.toString());
        System.out.print(md);
    }

    private static double evalRate(TextClassifier c, BatchSource<EncodedBatch> src, int n) {
        long t0 = System.nanoTime();
        Predictions.of(c, src, 64);
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static double trainRate(TextClassifier c, TextBatchSource src, int window) throws Exception {
        List<Double> times = new ArrayList<>();
        TrainConfig cfg = TrainConfig.builder().optEpochs(1).optMaxSteps(14).optLengthBuckets(window).build();
        new Trainer<>(c, new Erm<EncodedBatch>(), cfg).addListener(new TrainingListener() {
            @Override
            public void onStep(Step s) {
                if (s.step() > 2) {
                    times.add(16 / s.examplesPerSecond());
                }
            }
        }).fit(src);
        return 16 / StepBenchmark.median(times);
    }
}
