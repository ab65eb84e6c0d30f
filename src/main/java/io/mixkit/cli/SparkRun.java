package io.mixkit.cli;

import io.mixkit.spark.CorpusJobs;
import io.mixkit.spark.SparkErrors;
import io.mixkit.text.Pooling;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

import java.io.PrintWriter;

/** The Spark side of {@link SparkCommand}, in its own class so that the rest of the CLI never loads Spark. */
final class SparkRun {

    private SparkRun() {}

    static int predict(SparkCommand.JobOptions o, String checkpoint, PrintWriter err) {
        return run(o, err, "predict", spark -> CorpusJobs.predict(spark, input(o, spark), checkpoint));
    }

    static int embed(SparkCommand.JobOptions o, String model, Pooling pooling, boolean normalize, int maxLength, PrintWriter err) {
        return run(o, err, "embed", spark -> CorpusJobs.embed(spark, input(o, spark), model, pooling, normalize, maxLength));
    }

    static int augment(SparkCommand.JobOptions o, String method, int k, long seed, String mlmModel, PrintWriter err) {
        return run(o, err, "augment", spark -> CorpusJobs.augment(spark, input(o, spark), method, k, seed, mlmModel));
    }

    static int guess(SparkCommand.JobOptions o, String checkpoint, String method, int k, long seed, String mlmModel,
                     PrintWriter err) {
        return run(o, err, "guess", spark -> CorpusJobs.guess(spark, input(o, spark), checkpoint, method, k, seed, mlmModel));
    }

    private static CorpusJobs.Input input(SparkCommand.JobOptions o, SparkSession spark) {
        int partitions = o.partitions > 0 ? o.partitions : spark.sparkContext().defaultParallelism();
        return new CorpusJobs.Input(o.in, o.textColumn, partitions, o.batchSize, o.threadsPerTask, o.rejects != null);
    }

    private static int run(SparkCommand.JobOptions o, PrintWriter err, String what,
                           java.util.function.Function<SparkSession, CorpusJobs.Output> job) {
        SparkSession spark = CorpusJobs.session(o.master);
        try {
            long t0 = System.nanoTime();
            CorpusJobs.Output out = job.apply(spark);
            JavaRDD<String> lines = out.lines().cache();
            if (o.outFormat.equals("parquet")) {
                spark.read().json(spark.createDataset(lines.rdd(), Encoders.STRING())).write().parquet(o.out.toString());
            } else {
                lines.saveAsTextFile(o.out.toString());
            }
            long n = lines.count();
            err.printf("spark %s: %d rows in %.1f s on %s -> %s (%s, in input order)%n", what, n,
                    (System.nanoTime() - t0) / 1e9, spark.sparkContext().master(), o.out, o.outFormat.equals("parquet") ? "Parquet" : "JSON-lines part files");
            if (o.rejects != null) {
                out.rejects().coalesce(1).saveAsTextFile(o.rejects.toString());
                err.printf("spark %s: %d malformed rows set aside -> %s%n", what, out.rejects().count(), o.rejects);
            }
            err.flush();
            return 0;
        } catch (Exception e) { // Spark's SparkException is checked in Java's eyes, though undeclared
            throw new IllegalArgumentException("spark " + what + ": " + SparkErrors.rootMessage(e), e);
        } finally {
            spark.stop();
        }
    }
}
