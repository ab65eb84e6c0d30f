package io.mixkit.eval;

import ai.djl.engine.Engine;
import io.mixkit.MixKitRuntime;
import io.mixkit.image.ImageBatch;
import io.mixkit.image.ResNetClassifier;
import io.mixkit.image.data.ImageBatchSource;
import io.mixkit.image.data.ImageDataset;
import io.mixkit.image.data.ImageDatasets;
import io.mixkit.image.strategy.ImageMethods;
import io.mixkit.text.EncodedBatch;
import io.mixkit.text.Pooling;
import io.mixkit.text.TextClassifier;
import io.mixkit.text.TextModel;
import io.mixkit.text.data.EmbeddedDatasets;
import io.mixkit.text.data.LabelVocabulary;
import io.mixkit.text.data.TextBatchSource;
import io.mixkit.text.data.TextDataReader;
import io.mixkit.text.data.TextExamples;
import io.mixkit.text.strategy.TextMethods;
import io.mixkit.train.MixStrategy;
import io.mixkit.train.StagedClassifier;
import io.mixkit.train.TrainConfig;
import io.mixkit.train.Trainer;
import io.mixkit.train.TrainingListener;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Memory over long runs, in one JVM: resident set size and its anonymous (malloc'd, i.e. native plus
 * Java heap) part from {@code /proc/self/status}, Java direct buffers, and the arrays left on the
 * model's manager, sampled after a full collection at chosen steps of a 2,000-step TMix run on MiniLM
 * and a 2,000-step PuzzleMix run on the small ResNet, and after each of 3 load-train-close cycles of
 * MiniLM. Run with a pre-touched fixed heap ({@code -Xms1g -Xmx1g -XX:+AlwaysPreTouch}) so heap growth
 * does not show up as RSS growth. Not a test: run {@code eval/memory.sh}.
 *
 * <p>Arguments: {@code [steps] [output markdown]}.
 */
public final class MemoryBenchmark {

    private MemoryBenchmark() {}

    /** One reading. */
    record Sample(String when, long rssKb, long anonKb, long directKb, int modelArrays) {}

    public static void main(String[] args) throws Exception {
        MixKitRuntime.init();
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path out = args.length > 1 ? Path.of(args[1]) : null;
        String load0 = Files.readString(Path.of("/proc/loadavg")).strip();
        Set<Long> at = Set.of(1L, 50L, 200L, 500L, 1000L, 1500L, (long) steps);

        List<Sample> text = textRun(steps, at);
        List<Sample> image = puzzleMixRun(steps, at);
        List<Sample> loads = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            loads.add(loadTrainClose(i));
        }
        String load1 = Files.readString(Path.of("/proc/loadavg")).strip();

        StringBuilder md = new StringBuilder("# Memory over long runs\n\n");
        md.append("Made by `").append(System.getProperty("mixkit.command", "eval/memory.sh")).append("` on ")
                .append(Instant.now()).append(" (").append(Runtime.getRuntime().availableProcessors())
                .append(" cores; load average before `").append(load0).append("`, after `").append(load1)
                .append("`). JVM heap fixed and pre-touched (`").append(String.join(" ",
                        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                                .filter(a -> a.startsWith("-Xm") || a.startsWith("-XX:+Always")).toList()))
                .append("`), so RSS growth is native memory. Each sample follows `System.gc()`.\n\n");
        md.append("Growth is measured from step 200 to step ").append(steps)
                .append(" (runs) and from the first to the third load (loads); the target is under 5%.\n");
        table(md, "TMix on MiniLM-L6, batch 16 x 32 tokens, the embedded sentences", text, "step 200",
                "step " + steps);
        table(md, "PuzzleMix on the small ResNet, batch 32, embedded Fashion-MNIST at 32x32", image, "step 200",
                "step " + steps);
        table(md, "MiniLM-L6 loaded, trained 20 TMix steps and closed, 3 times", loads, "load 1", "load 3");
        System.out.println(md);
        if (out != null) {
            Files.writeString(out, md.toString());
        }
    }

    static List<Sample> textRun(int steps, Set<Long> at) throws Exception {
        try (TextModel model = TextModel.load("minilm-l6", false)) {
            TextClassifier c = new TextClassifier(model.encoder(), Pooling.MEAN, 2);
            TextBatchSource train = sentences(model, 32);
            List<Sample> samples = new ArrayList<>();
            run(c, TextMethods.REGISTRY.create("tmix", io.mixkit.text.strategy.TextMethodContext.of(c)), train,
                    TrainConfig.defaults().withEpochs(1000).withBatchSize(16).withMaxSteps(steps), at, samples, model.manager());
            return samples;
        }
    }

    static TextBatchSource sentences(TextModel model, int maxLength) throws Exception {
        TextExamples ex = TextDataReader.read(EmbeddedDatasets.defaultSplit("train"), "text", "label");
        return new TextBatchSource(ex, LabelVocabulary.of(ex).indices(ex), model.tokenizer(), maxLength);
    }

    static List<Sample> puzzleMixRun(int steps, Set<Long> at) throws Exception {
        ImageDataset d = ImageDatasets.load(null, 32).train();
        Engine.getInstance().setRandomSeed(1);
        try (ResNetClassifier model = new ResNetClassifier(ResNetClassifier.Architecture.SMALL, 1, 10, d.channelMean(),
                d.channelStd(), 1)) {
            List<Sample> samples = new ArrayList<>();
            run(model, ImageMethods.REGISTRY.create("puzzlemix", model), new ImageBatchSource(d),
                    TrainConfig.defaults().withEpochs(1000).withBatchSize(32).withMaxSteps(steps).withOptimizer("sgd")
                            .withLearningRates(0.1, 0.1), at, samples, null);
            return samples;
        }
    }

    static <I> void run(StagedClassifier<I> model, MixStrategy<I> strategy, io.mixkit.train.BatchSource<I> data,
                        TrainConfig cfg, Set<Long> at, List<Sample> samples, ai.djl.ndarray.NDManager manager)
            throws Exception {
        ai.djl.ndarray.NDManager m = manager != null ? manager : model.parameters().manager();
        new Trainer<>(model, strategy, cfg).addListener(new TrainingListener() {
            @Override
            public void onStep(Step s) {
                if (at.contains(s.step())) {
                    samples.add(sample("step " + s.step(), m.getManagedArrays().size()));
                    System.err.println(strategy.name() + ": " + samples.get(samples.size() - 1));
                }
            }
        }).fit(data);
    }

    static Sample loadTrainClose(int i) throws Exception {
        try (TextModel model = TextModel.load("minilm-l6", false)) {
            TextClassifier c = new TextClassifier(model.encoder(), Pooling.MEAN, 2);
            new Trainer<>(c, TextMethods.REGISTRY.create("tmix", io.mixkit.text.strategy.TextMethodContext.of(c)),
                    TrainConfig.defaults().withEpochs(1).withBatchSize(16).withMaxSteps(20))
                    .fit(sentences(model, 32));
        }
        Sample s = sample("load " + i, 0);
        System.err.println("load: " + s);
        return s;
    }

    static Sample sample(String when, int modelArrays) {
        System.gc();
        try {
            Thread.sleep(200); // let the cleaner free what the collection found
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.gc();
        Map<String, Long> status = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                String[] kv = line.split(":\\s+");
                if (kv.length == 2 && kv[1].endsWith(" kB")) {
                    status.put(kv[0], Long.parseLong(kv[1].replace(" kB", "").strip()));
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        long direct = 0;
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) {
                direct = b.getMemoryUsed() / 1024;
            }
        }
        return new Sample(when, status.getOrDefault("VmRSS", -1L), status.getOrDefault("RssAnon", -1L), direct, modelArrays);
    }

    static void table(StringBuilder md, String title, List<Sample> samples, String from, String to) {
        md.append("\n## ").append(title).append("\n\n| when | RSS (MB) | anonymous RSS (MB) | Java direct buffers (MB) | arrays on the model's manager |\n|---|---|---|---|---|\n");
        for (Sample s : samples) {
            md.append(String.format("| %s | %.1f | %.1f | %.2f | %d |%n", s.when(), s.rssKb() / 1024.0, s.anonKb() / 1024.0,
                    s.directKb() / 1024.0, s.modelArrays()));
        }
        Sample a = samples.stream().filter(s -> s.when().equals(from)).findFirst().orElseThrow();
        Sample b = samples.stream().filter(s -> s.when().equals(to)).findFirst().orElseThrow();
        double rss = 100.0 * (b.rssKb() - a.rssKb()) / a.rssKb();
        double anon = 100.0 * (b.anonKb() - a.anonKb()) / a.anonKb();
        md.append(String.format("%nGrowth from %s to %s: RSS %+.2f%%, anonymous RSS %+.2f%% (%s the 5%% target).%n",
                from, to, rss, anon, Math.max(rss, anon) < 5 ? "within" : "MISSES"));
    }
}
