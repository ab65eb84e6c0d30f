package io.mixkit.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import scala.Tuple2;

import java.io.Serializable;

/**
 * A corpus read by Spark with each row's line number: plain text (one text per line) or JSON Lines (the text
 * under a key). A row that is empty, not JSON, or lacks the key stops the job naming its file and line; none
 * is skipped.
 */
final class CorpusInput {

    /** One text and where it came from. */
    record Row(String file, long line, String text) implements Serializable {}

    private CorpusInput() {}

    /**
     * @param sc the context
     * @param file a .txt or .jsonl file (any Hadoop path)
     * @param textKey the JSON key of the text (.jsonl)
     * @param partitions at least this many partitions
     * @return the rows, in file order
     */
    static JavaRDD<Row> read(JavaSparkContext sc, String file, String textKey, int partitions) {
        boolean json = file.endsWith(".jsonl") || file.endsWith(".json");
        if (!json && !file.endsWith(".txt")) {
            throw new IllegalArgumentException("--in " + file + ": expected a .txt (one text per line) or .jsonl file");
        }
        JavaRDD<Tuple2<String, Long>> lines = sc.textFile(file, partitions).zipWithIndex()
                .map(t -> new Tuple2<>(t._1(), t._2() + 1));
        return lines.mapPartitions(it -> {
            ObjectMapper mapper = new ObjectMapper();
            java.util.List<Row> out = new java.util.ArrayList<>();
            while (it.hasNext()) {
                Tuple2<String, Long> t = it.next();
                out.add(new Row(file, t._2(), parse(mapper, file, t._2(), t._1(), json, textKey)));
            }
            return out.iterator();
        }, true);
    }

    static String parse(ObjectMapper mapper, String file, long line, String raw, boolean json, String textKey) {
        if (raw.isBlank()) {
            throw new IllegalArgumentException(file + ":" + line + ": empty line, expected " + (json ? "a JSON object" : "a text"));
        }
        if (!json) {
            return raw;
        }
        JsonNode n;
        try {
            n = mapper.readTree(raw);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(file + ":" + line + ": not valid JSON (" + e.getMessage().split("\n")[0] + ")");
        }
        if (n == null || !n.isObject() || !n.path(textKey).isTextual() || n.path(textKey).asText().isBlank()) {
            throw new IllegalArgumentException(file + ":" + line + ": expected a JSON object with a non-empty \"" + textKey + "\" string");
        }
        return n.get(textKey).asText();
    }
}
