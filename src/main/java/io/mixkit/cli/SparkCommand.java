package io.mixkit.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code mixkit spark predict|embed|augment|guess}: the corpus-scale commands on Apache Spark, in this process
 * ({@code local[*]}, the default without spark-submit) or on a cluster. Spark is not in {@code target/lib}: run with
 * {@code java -cp "target/mixkit.jar:target/spark-lib/*" io.mixkit.cli.MixKitCli spark ...}.
 */
@Command(name = "spark", mixinStandardHelpOptions = true,
        description = {"Corpus-scale predict, embed, augment and MixText label guessing on Apache Spark (local[*] by default), writing the same",
                "JSON lines as the single-process commands into a folder of part files, in the input's order.",
                "Spark is a separate class path: java -cp \"target/mixkit.jar:target/spark-lib/*\" io.mixkit.cli.MixKitCli spark ..."},
        subcommands = {SparkCommand.Predict.class, SparkCommand.Embed.class, SparkCommand.Augment.class, SparkCommand.Guess.class})
final class SparkCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** What every job takes. */
    static final class JobOptions {
        @Option(names = "--in", required = true, description = "A .txt (one text per line), .jsonl, .csv (with a header row) or .parquet file; any path Spark reads.")
        String in;

        @Option(names = "--out", required = true, description = "Output folder (must not exist): JSON-lines part files.")
        Path out;

        @Option(names = "--out-format", defaultValue = "jsonl", description = "jsonl (part files) or parquet (default: ${DEFAULT-VALUE}).")
        String outFormat;

        @Option(names = "--rejects", description = "Set malformed rows aside in this folder (\"FILE:LINE: reason\" lines) instead of stopping at the first.")
        Path rejects;

        @Option(names = "--master", description = "Spark master (default: spark-submit's --master when submitted, else local[*]: in this process).")
        String master;

        @Option(names = "--text-column", defaultValue = "text", description = "JSON key of the text (default: ${DEFAULT-VALUE}).")
        String textColumn;

        @Option(names = "--partitions", defaultValue = "0", description = "Partitions (default 0: Spark's default parallelism).")
        int partitions;

        @Option(names = "--batch-size", defaultValue = "32", description = "Texts per forward pass (guess: each with its K views, so (K+1) x this many rows; default: ${DEFAULT-VALUE}).")
        int batchSize;

        @Option(names = "--threads-per-task", defaultValue = "1", description = "libtorch intra-op threads of each executor JVM (in local mode, of this process), set before its engine starts (default: ${DEFAULT-VALUE}; task slots x threads = cores).")
        int threadsPerTask;

        void check() {
            OptionChecks.atLeast("--batch-size", batchSize, 1);
            OptionChecks.atLeast("--threads-per-task", threadsPerTask, 1);
            OptionChecks.atLeast("--partitions", partitions, 0);
            OptionChecks.oneOf("--out-format", outFormat, java.util.List.of("jsonl", "parquet"));
            if (rejects != null && Files.exists(rejects)) {
                throw new IllegalArgumentException("--rejects " + rejects + ": already exists (Spark writes a new folder)");
            }
            if (!in.contains("://") && !Files.isRegularFile(Path.of(in))) {
                throw new IllegalArgumentException("--in " + in + ": no such file");
            }
            if (Files.exists(out)) {
                throw new IllegalArgumentException("--out " + out + ": already exists (Spark writes a new folder)");
            }
            OptionChecks.writableDir("--out", out);
            requireSpark();
        }
    }

    /** A clear error when Spark's classes are not on the class path (checked before SparkRun, which needs them, loads). */
    static void requireSpark() {
        try {
            Class.forName("org.apache.spark.sql.SparkSession", false, SparkCommand.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("Spark is not on the class path: run java -cp \"target/mixkit.jar:target/spark-lib/*\" "
                    + "io.mixkit.cli.MixKitCli spark ... (mvn package fills target/spark-lib), or spark-submit");
        }
    }

    @Command(name = "predict", mixinStandardHelpOptions = true, description = "predict's lines for every text of --in.")
    static final class Predict implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        JobOptions job;
        @Option(names = "--checkpoint", required = true, description = "A text checkpoint folder every executor can read.")
        Path checkpoint;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            OptionChecks.textCheckpoint("--checkpoint", checkpoint);
            job.check();
            return SparkRun.predict(job, checkpoint.toAbsolutePath().toString(), spec.commandLine().getErr());
        }
    }

    @Command(name = "embed", mixinStandardHelpOptions = true, description = "embed's lines for every text of --in.")
    static final class Embed implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        JobOptions job;
        @Option(names = "--model", defaultValue = "minilm-l6", description = "Catalogue name or a folder every executor can read (default: ${DEFAULT-VALUE}).")
        String model;
        @Option(names = "--pooling", defaultValue = "mean", description = "mean or cls (default: ${DEFAULT-VALUE}).")
        String pooling;
        @Option(names = "--normalize", description = "Unit-length vectors.")
        boolean normalize;
        @Option(names = "--max-length", defaultValue = "256", description = "Tokens per text (default: ${DEFAULT-VALUE}).")
        int maxLength;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            io.mixkit.text.Pooling p = io.mixkit.text.Pooling.parse(pooling);
            OptionChecks.ModelShape shape = OptionChecks.model("--model", model);
            OptionChecks.maxLength("--max-length", maxLength, model, shape == null ? 0 : shape.maxPositions());
            job.check();
            return SparkRun.embed(job, model, p, normalize, maxLength, spec.commandLine().getErr());
        }
    }

    @Command(name = "augment", mixinStandardHelpOptions = true, description = "augment's lines for every text of --in (the same views as the single-process command).")
    static final class Augment implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        JobOptions job;
        @Option(names = "--method", required = true, description = "eda, tfidf (document frequencies over the whole of --in) or mlm (the model loads once per executor).")
        String method;
        @Option(names = "--model", defaultValue = "bert-base-uncased", description = "Model with an MLM head for mlm, a catalogue name or a folder every executor can read (default: ${DEFAULT-VALUE}).")
        String model;
        @Option(names = "--k", defaultValue = "2", description = "Views per text (default: ${DEFAULT-VALUE}).")
        int k;
        @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
        long seed;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            OptionChecks.oneOf("--method", method, io.mixkit.text.augment.Augmenters.NAMES);
            OptionChecks.atLeast("--k", k, 1);
            if (method.equals("mlm")) {
                OptionChecks.model("--model", model);
            }
            job.check();
            return SparkRun.augment(job, method, k, seed, model, spec.commandLine().getErr());
        }
    }

    @Command(name = "guess", mixinStandardHelpOptions = true,
            description = {"MixText label guesses for every text of --in: K views per text and the checkpoint's probabilities",
                    "averaged over the text and its views, as {\"text\", \"augmentations\", \"guess\"} lines that",
                    "train --method mixtext --unlabeled reads as precomputed targets (--guess-refresh N: for N updates)."})
    static final class Guess implements Callable<Integer> {
        @Mixin
        CommonOptions common;
        @Mixin
        JobOptions job;
        @Option(names = "--checkpoint", required = true, description = "A text checkpoint folder every executor can read (the model whose guesses train uses).")
        Path checkpoint;
        @Option(names = "--augment", defaultValue = "eda", description = "The views' augmenter: eda, tfidf or mlm (default: ${DEFAULT-VALUE}).")
        String augment;
        @Option(names = "--k", defaultValue = "2", description = "Views per text (default: ${DEFAULT-VALUE}).")
        int k;
        @Option(names = "--seed", defaultValue = "42", description = "The augmenter's seed (default: ${DEFAULT-VALUE}).")
        long seed;
        @Option(names = "--model", defaultValue = "bert-base-uncased", description = "Model with an MLM head for --augment mlm (default: ${DEFAULT-VALUE}).")
        String model;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            OptionChecks.textCheckpoint("--checkpoint", checkpoint);
            OptionChecks.oneOf("--augment", augment, io.mixkit.text.augment.Augmenters.NAMES);
            OptionChecks.atLeast("--k", k, 0);
            if (augment.equals("mlm")) {
                OptionChecks.model("--model", model);
            }
            job.check();
            return SparkRun.guess(job, checkpoint.toAbsolutePath().toString(), augment, k, seed, model, spec.commandLine().getErr());
        }
    }
}
