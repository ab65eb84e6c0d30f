package io.mixkit.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A corpus read by Spark with each row's place: plain text (one text per line), JSON Lines (the text under a
 * key), or Parquet (a string column; the place is the row number). A row that is empty, not JSON, or lacks
 * the text stops the job naming its file and line, or, when rejects are kept, is set aside with that
 * reason; none is dropped silently.
 */
final class CorpusInput {

    /** One text and where it came from. */
    record Row(String file, long line, String text) implements Serializable {}

    /**
     * @param rows the good rows, in input order
     * @param rejects "FILE:LINE: reason" for each bad row (empty unless rejects are kept)
     */
    record Parsed(JavaRDD<Row> rows, JavaRDD<String> rejects) {}

    /** A row or the reason it is bad. */
    private record Result(Row row, String reject) implements Serializable {}

    private CorpusInput() {}

    /**
     * @param sc the context
     * @param file a .txt, .jsonl or .parquet file (any Hadoop path)
     * @param textKey the JSON key or Parquet column of the text
     * @param partitions at least this many partitions
     * @return the rows, in input order; the first bad row stops the job
     */
    static JavaRDD<Row> read(JavaSparkContext sc, String file, String textKey, int partitions) {
        return read(sc, file, textKey, partitions, false).rows();
    }

    /**
     * @param sc the context
     * @param file a .txt, .jsonl or .parquet file
     * @param textKey the JSON key or Parquet column of the text
     * @param partitions at least this many partitions
     * @param keepRejects set bad rows aside instead of stopping
     * @return the rows and the rejects
     */
    static Parsed read(JavaSparkContext sc, String file, String textKey, int partitions, boolean keepRejects) {
        JavaRDD<Tuple2<String, Long>> lines;
        Kind kind = Kind.of(file);
        if (kind == Kind.PARQUET) {
            SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
            var frame = spark.read().parquet(file);
            if (!java.util.Arrays.asList(frame.columns()).contains(textKey)) {
                throw new IllegalArgumentException("--in " + file + ": no column '" + textKey + "' (columns: "
                        + String.join(", ", frame.columns()) + "); set --text-column");
            }
            lines = frame.select(textKey).javaRDD().zipWithIndex()
                    .map(t -> new Tuple2<>(t._1().isNullAt(0) ? null : t._1().get(0).toString(), t._2() + 1));
        } else {
            lines = sc.textFile(file, partitions).zipWithIndex().map(t -> new Tuple2<>(t._1(), t._2() + 1));
        }
        JavaRDD<Result> parsed = lines.mapPartitions(it -> {
            ObjectMapper mapper = new ObjectMapper();
            List<Result> out = new ArrayList<>();
            while (it.hasNext()) {
                Tuple2<String, Long> t = it.next();
                try {
                    out.add(new Result(new Row(file, t._2(), parse(mapper, file, t._2(), t._1(), kind, textKey)), null));
                } catch (IllegalArgumentException e) {
                    if (!keepRejects) {
                        throw e;
                    }
                    out.add(new Result(null, e.getMessage()));
                }
            }
            return out.iterator();
        }, true);
        if (!keepRejects) {
            return new Parsed(parsed.map(Result::row), sc.emptyRDD());
        }
        parsed = parsed.cache();
        return new Parsed(parsed.filter(r -> r.row() != null).map(Result::row),
                parsed.filter(r -> r.reject() != null).map(Result::reject));
    }

    /** The input formats, by file name. */
    enum Kind {
        TEXT, JSONL, PARQUET;

        static Kind of(String file) {
            if (file.endsWith(".jsonl") || file.endsWith(".json")) {
                return JSONL;
            }
            if (file.endsWith(".parquet")) {
                return PARQUET;
            }
            if (file.endsWith(".txt")) {
                return TEXT;
            }
            throw new IllegalArgumentException("--in " + file + ": expected a .txt (one text per line), .jsonl or .parquet file");
        }
    }

    static String parse(ObjectMapper mapper, String file, long line, String raw, Kind kind, String textKey) {
        String where = kind == Kind.PARQUET ? file + ": row " + line : file + ":" + line;
        if (raw == null || raw.isBlank()) {
            throw new IllegalArgumentException(where + ": empty " + (kind == Kind.JSONL ? "line, expected a JSON object" : "text"));
        }
        if (kind != Kind.JSONL) {
            return raw;
        }
        JsonNode n;
        try {
            n = mapper.readTree(raw);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(where + ": not valid JSON (" + e.getMessage().split("\n")[0] + ")");
        }
        if (n == null || !n.isObject() || !n.path(textKey).isTextual() || n.path(textKey).asText().isBlank()) {
            throw new IllegalArgumentException(where + ": expected a JSON object with a non-empty \"" + textKey + "\" string");
        }
        return n.get(textKey).asText();
    }
}
