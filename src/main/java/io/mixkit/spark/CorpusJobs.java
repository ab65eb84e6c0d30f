package io.mixkit.spark;

import io.mixkit.text.EncodedBatch;
import io.mixkit.text.OutputLines;
import io.mixkit.text.Pooling;
import io.mixkit.text.SortedBatches;
import io.mixkit.text.TextCheckpoint;
import io.mixkit.text.TextModel;
import io.mixkit.text.augment.AugmentationCache;
import io.mixkit.text.augment.Augmenter;
import io.mixkit.text.augment.Augmenters;
import io.mixkit.text.augment.TfIdfReplacement;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.sql.SparkSession;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The corpus jobs: each maps a corpus's partitions to the JSON lines its single-process command writes, in
 * the input's order, batching texts within a partition. Models load once per executor.
 */
public final class CorpusJobs {

    /**
     * Where and how a job runs.
     *
     * @param in a .txt, .jsonl, .csv or .parquet file
     * @param textKey the JSON key of the text
     * @param partitions at least this many partitions
     * @param batchSize texts per forward pass
     * @param threadsPerTask libtorch threads each task uses
     * @param keepRejects set malformed rows aside ({@link Output#rejects}) instead of stopping at the first
     */
    public record Input(String in, String textKey, int partitions, int batchSize, int threadsPerTask, boolean keepRejects)
            implements java.io.Serializable {

        /** @param in file @param textKey key @param partitions partitions @param batchSize batch @param threadsPerTask threads */
        public Input(String in, String textKey, int partitions, int batchSize, int threadsPerTask) {
            this(in, textKey, partitions, batchSize, threadsPerTask, false);
        }
    }

    /**
     * @param lines the command's JSON lines, in input order
     * @param rejects "FILE:LINE: reason" per malformed row (empty unless {@link Input#keepRejects})
     */
    public record Output(JavaRDD<String> lines, JavaRDD<String> rejects) {}

    private CorpusJobs() {}

    /**
     * @param master a Spark master URL ({@code local[*]}: in this process), or null: spark-submit's
     *     ({@code spark.master}), else {@code local[*]}
     * @return a session (Spark's UI off)
     */
    public static SparkSession session(String master) {
        SparkSession.Builder b = SparkSession.builder().appName("mixkit").config("spark.ui.enabled", "false");
        if (master != null) {
            b.master(master);
        } else if (System.getProperty("spark.master") == null) {
            b.master("local[*]");
        }
        return b.getOrCreate();
    }

    /**
     * @param spark the session
     * @param input the corpus
     * @param checkpoint a text checkpoint folder every executor can read
     * @return {@code predict}'s lines
     */
    public static Output predict(SparkSession spark, Input input, String checkpoint) {
        CorpusInput.Parsed p = rows(spark, input);
        return new Output(p.rows().mapPartitions(it -> batched(it, input.batchSize(), texts -> {
            TextCheckpoint.Loaded c = ExecutorModels.checkpoint(checkpoint, input.threadsPerTask());
            return OutputLines.predictions(c, texts);
        }), true), p.rejects());
    }

    /**
     * @param spark the session
     * @param input the corpus
     * @param model a catalogue name or a folder every executor can read
     * @param pooling mean or cls
     * @param normalize unit-length vectors
     * @param maxLength tokens per text
     * @return {@code embed}'s lines
     */
    public static Output embed(SparkSession spark, Input input, String model, Pooling pooling, boolean normalize,
                               int maxLength) {
        CorpusInput.Parsed p = rows(spark, input);
        return new Output(p.rows().mapPartitions(it -> batched(it, input.batchSize(), texts -> {
            TextModel m = ExecutorModels.encoder(model, input.threadsPerTask());
            EncodedBatch b = m.tokenizer().encode(texts, maxLength);
            return OutputLines.embeddings(m, pooling, normalize, texts, b);
        }), true), p.rejects());
    }

    /**
     * Augmented views, as the single-process {@code augment --method M} writes them: the same per-text seeding, so
     * the same views. TF-IDF's document frequencies are counted over the whole corpus (per partition, merged)
     * and broadcast; mlm's model loads once per executor.
     *
     * @param spark the session
     * @param input the corpus
     * @param method eda, tfidf or mlm
     * @param k views per text
     * @param seed the seed
     * @param mlmModel the model with an MLM head (mlm only)
     * @return {@code augment}'s lines
     */
    public static Output augment(SparkSession spark, Input input, String method, int k, long seed, String mlmModel) {
        CorpusInput.Parsed p = rows(spark, input);
        JavaRDD<CorpusInput.Row> texts = readTwiceBy(method, p);
        AugmenterSource source = augmenterSource(spark, texts, method, mlmModel, input.threadsPerTask());
        return new Output(texts.mapPartitions(it -> {
            ObjectMapper json = new ObjectMapper();
            Augmenter a = source.get();
            List<String> out = new ArrayList<>();
            while (it.hasNext()) {
                String text = it.next().text();
                ObjectNode o = json.createObjectNode();
                o.put("text", text);
                var arr = o.putArray("augmentations");
                AugmentationCache.compute(a, text, k, seed).forEach(arr::add);
                out.add(json.writeValueAsString(o));
            }
            return out.iterator();
        }, true), p.rejects());
    }

    /**
     * MixText label guessing over an unlabeled corpus: each text's K views (as {@link #augment} makes them) and
     * its guess averaged over the text and the views by a checkpoint, written as a JSONL that {@code train
     * --method mixtext --unlabeled} reads: the views become the unlabeled views and the guesses the targets
     * (sharpened by the run's T) for {@code --guess-refresh} updates.
     *
     * @param spark the session
     * @param input the corpus
     * @param checkpoint a text checkpoint folder every executor can read
     * @param method the augmenter: eda, tfidf or mlm
     * @param k views per text
     * @param seed the augmenter's seed
     * @param mlmModel the model with an MLM head (mlm only)
     * @return {@code {"text", "augmentations", "guess"}} lines
     */
    public static Output guess(SparkSession spark, Input input, String checkpoint, String method, int k, long seed,
                               String mlmModel) {
        CorpusInput.Parsed p = rows(spark, input);
        JavaRDD<CorpusInput.Row> corpus = readTwiceBy(method, p);
        AugmenterSource source = augmenterSource(spark, corpus, method, mlmModel, input.threadsPerTask());
        return new Output(corpus.mapPartitions(it -> {
            Augmenter a = source.get();
            return batched(it, input.batchSize(), texts -> {
                TextCheckpoint.Loaded c = ExecutorModels.checkpoint(checkpoint, input.threadsPerTask());
                List<List<String>> views = new ArrayList<>(texts.size());
                for (String t : texts) {
                    views.add(AugmentationCache.compute(a, t, k, seed));
                }
                return OutputLines.guesses(c, texts, views);
            });
        }, true), p.rejects());
    }

    /** Makes an executor's augmenter (serialised to the executors with what it needs). */
    interface AugmenterSource extends java.io.Serializable {
        Augmenter get();
    }

    /** @return the rows, persisted when the augmenter reads them twice (tfidf: its counts, then the views) */
    private static JavaRDD<CorpusInput.Row> readTwiceBy(String method, CorpusInput.Parsed p) {
        return method.equals("tfidf") ? p.rows().persist(StorageLevel.MEMORY_AND_DISK()) : p.rows();
    }

    /** The augmenter by name; tfidf counts the document frequencies of {@code texts} first (persist them). */
    static AugmenterSource augmenterSource(SparkSession spark, JavaRDD<CorpusInput.Row> texts, String method, String mlmModel,
                                           int threads) {
        switch (method) {
            case "eda":
                return Augmenters::eda;
            case "tfidf":
                TfIdfReplacement.DocumentFrequencies df = texts.mapPartitions(it -> {
                    List<String> part = new ArrayList<>();
                    it.forEachRemaining(r -> part.add(r.text()));
                    return List.of(TfIdfReplacement.DocumentFrequencies.count(part)).iterator();
                }).treeReduce(TfIdfReplacement.DocumentFrequencies::merge);
                Broadcast<TfIdfReplacement.DocumentFrequencies> shared =
                        JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(df);
                return () -> Augmenters.tfidf(shared.value());
            case "mlm":
                return () -> Augmenters.maskedLm(ExecutorModels.maskedLm(mlmModel, threads), Augmenters.AUGMENT_MAX_LENGTH);
            default:
                throw new IllegalArgumentException("--method must be eda, tfidf or mlm, got " + method);
        }
    }

    private static CorpusInput.Parsed rows(SparkSession spark, Input input) {
        return CorpusInput.read(JavaSparkContext.fromSparkContext(spark.sparkContext()), input.in(), input.textKey(),
                input.partitions(), input.keepRejects());
    }

    /** {@link SortedBatches.Handler} that Spark can ship to executors. */
    interface BatchFn extends SortedBatches.Handler, java.io.Serializable {}

    /** A partition's texts in windows of {@link SortedBatches#DEFAULT_WINDOW} batches, each run longest first, as
     *  the single-process commands do; outputs in the partition's order. */
    private static Iterator<String> batched(Iterator<CorpusInput.Row> it, int batchSize, BatchFn fn) throws Exception {
        List<String> out = new ArrayList<>();
        List<String> window = new ArrayList<>();
        while (it.hasNext()) {
            window.add(it.next().text());
            if (window.size() == batchSize * SortedBatches.DEFAULT_WINDOW || !it.hasNext()) {
                out.addAll(SortedBatches.run(window, batchSize, fn));
                window = new ArrayList<>();
            }
        }
        return out.iterator();
    }
}
