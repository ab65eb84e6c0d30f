package io.mixkit.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A corpus read by Spark with each row's place: plain text (one text per line), JSON Lines (the text under a
 * key), CSV (RFC 4180 with a header row, quoted fields may span lines; a column) or Parquet (a string column);
 * for CSV and Parquet the place is the data row's number. A row that is empty, not JSON, not a well-formed CSV
 * record, or lacks the text stops the job naming its file and line, or, when rejects are kept, is set aside
 * with that reason; none is dropped silently.
 */
final class CorpusInput {

    /** One text and where it came from. */
    record Row(String file, long line, String text) implements Serializable {}

    /**
     * @param rows the good rows, in input order
     * @param rejects "FILE:LINE: reason" for each bad row (empty unless rejects are kept)
     */
    record Parsed(JavaRDD<Row> rows, JavaRDD<String> rejects) {}

    /** A raw row: its text (null if none), its line or row number, and why it is malformed (null if it is not). */
    private record Raw(String text, long line, String problem) implements Serializable {}

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
        JavaRDD<Raw> lines;
        Kind kind = Kind.of(file);
        if (kind == Kind.PARQUET) {
            SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
            var frame = spark.read().parquet(file);
            requireColumn(file, frame.columns(), textKey);
            lines = frame.select(textKey).javaRDD().zipWithIndex()
                    .map(t -> new Raw(t._1().isNullAt(0) ? null : t._1().get(0).toString(), t._2() + 1, null));
        } else if (kind == Kind.CSV) {
            lines = csv(sc, file, textKey);
        } else {
            lines = sc.textFile(file, partitions).zipWithIndex().map(t -> new Raw(t._1(), t._2() + 1, null));
        }
        if (lines.getNumPartitions() < partitions) { // a whole-file reader (CSV, a small Parquet file): spread, in order
            lines = lines.sortBy(Raw::line, true, partitions);
        }
        JavaRDD<Result> parsed = lines.mapPartitions(it -> {
            ObjectMapper mapper = new ObjectMapper();
            List<Result> out = new ArrayList<>();
            while (it.hasNext()) {
                Raw t = it.next();
                try {
                    out.add(new Result(new Row(file, t.line(), parse(mapper, file, t, kind, textKey)), null));
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

    private static final String CORRUPT = "_mixkit_corrupt_record";

    /** CSV with a header: every column read as a string, and a record with the wrong number of fields marked. */
    private static JavaRDD<Raw> csv(JavaSparkContext sc, String file, String textKey) {
        SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
        var reader = spark.read().option("header", "true").option("multiLine", "true").option("escape", "\"");
        String[] columns = reader.csv(file).columns();
        requireColumn(file, columns, textKey);
        StructType schema = new StructType();
        for (String c : columns) {
            schema = schema.add(c, DataTypes.StringType, true);
        }
        schema = schema.add(CORRUPT, DataTypes.StringType, true);
        int fields = columns.length;
        return reader.schema(schema).option("mode", "PERMISSIVE").option("columnNameOfCorruptRecord", CORRUPT)
                .option("enforceSchema", "false").csv(file).select(textKey, CORRUPT).javaRDD().zipWithIndex()
                .map(t -> new Raw(t._1().isNullAt(0) ? null : t._1().getString(0), t._2() + 1,
                        t._1().isNullAt(1) ? null : "not a CSV record of " + fields + " fields (the header's)"));
    }

    private static void requireColumn(String file, String[] columns, String textKey) {
        if (!java.util.Arrays.asList(columns).contains(textKey)) {
            throw new IllegalArgumentException("--in " + file + ": no column '" + textKey + "' (columns: "
                    + String.join(", ", columns) + "); set --text-column");
        }
    }

    /** The input formats, by file name. */
    enum Kind {
        TEXT, JSONL, CSV, PARQUET;

        static Kind of(String file) {
            if (file.endsWith(".jsonl") || file.endsWith(".json")) {
                return JSONL;
            }
            if (file.endsWith(".parquet")) {
                return PARQUET;
            }
            if (file.endsWith(".csv")) {
                return CSV;
            }
            if (file.endsWith(".txt")) {
                return TEXT;
            }
            throw new IllegalArgumentException("--in " + file + ": expected a .txt (one text per line), .jsonl, .csv or .parquet file");
        }
    }

    static String parse(ObjectMapper mapper, String file, Raw row, Kind kind, String textKey) {
        long line = row.line();
        String raw = row.text();
        String where = kind == Kind.PARQUET || kind == Kind.CSV ? file + ": row " + line : file + ":" + line;
        if (row.problem() != null) {
            throw new IllegalArgumentException(where + ": " + row.problem());
        }
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
