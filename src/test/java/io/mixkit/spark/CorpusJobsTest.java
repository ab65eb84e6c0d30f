package io.mixkit.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mixkit.cli.CliRunner;
import io.mixkit.text.Pooling;
import io.mixkit.text.data.EmbeddedDatasets;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark jobs on a real {@code local[2]} session against the single-process commands on the same input and
 * seed, row for row: augment (EDA) equal, predict's labels equal and probabilities to 1e-5, embed to 1e-5; a
 * malformed row of a 100,000-row file is named with its file and line.
 */
class CorpusJobsTest {

    @TempDir
    static Path tmp;
    static SparkSession spark;
    static List<String> texts;
    static Path txt;
    static Path jsonl;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void setUp() throws Exception {
        spark = CorpusJobs.session("local[2]");
        texts = new ArrayList<>();
        for (String line : Files.readAllLines(EmbeddedDatasets.defaultSplit("valid")).subList(1, 41)) {
            texts.add(line.substring(0, line.lastIndexOf(',')).replace("\"", ""));
        }
        txt = Files.write(tmp.resolve("texts.txt"), texts);
        List<String> rows = new ArrayList<>();
        for (String t : texts) {
            rows.add(JSON.writeValueAsString(java.util.Map.of("text", t, "id", rows.size())));
        }
        jsonl = Files.write(tmp.resolve("texts.jsonl"), rows);
    }

    @AfterAll
    static void tearDown() {
        spark.stop();
    }

    static CorpusJobs.Input input(Path file) {
        return new CorpusJobs.Input(file.toString(), "text", 3, 8, 1);
    }

    @Test
    void augmentEqualsTheSingleProcessCommand() throws Exception {
        Path out = tmp.resolve("augmented.jsonl");
        CliRunner.Result r = CliRunner.run("", "augment", "--method", "eda", "--k", "2", "--seed", "7", "--in", txt.toString(),
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> expected = Files.readAllLines(out);
        List<String> got = CorpusJobs.augment(spark, input(jsonl), "eda", 2, 7, null).lines().collect();
        assertEquals(expected, got);
    }

    @Test
    void tfidfViewsEqualTheSingleProcessCommand() throws Exception {
        // document frequencies counted per partition and merged must give the single-process augmenter's views
        Path out = tmp.resolve("tfidf.jsonl");
        CliRunner.Result r = CliRunner.run("", "augment", "--method", "tfidf", "--k", "3", "--seed", "11", "--in", txt.toString(),
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> got = CorpusJobs.augment(spark, input(txt), "tfidf", 3, 11, null).lines().collect();
        assertEquals(Files.readAllLines(out), got);
        assertTrue(!got.get(0).equals(CorpusJobs.augment(spark, input(txt), "eda", 3, 11, null).lines().first()),
                "tfidf's views are not EDA's");
    }

    @Test
    @org.junit.jupiter.api.Tag("large")
    void maskedLmViewsEqualTheSingleProcessCommand() throws Exception {
        Path few = Files.write(tmp.resolve("few.txt"), texts.subList(0, 6));
        Path out = tmp.resolve("mlm.jsonl");
        CliRunner.Result r = CliRunner.run("", "augment", "--method", "mlm", "--k", "2", "--seed", "3", "--in", few.toString(),
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        List<String> got = CorpusJobs.augment(spark, new CorpusJobs.Input(few.toString(), "text", 2, 8, 1), "mlm", 2, 3,
                "bert-base-uncased").lines().collect();
        assertEquals(Files.readAllLines(out), got);
    }

    static Path checkpointDir;

    /** A small fine-tuned checkpoint of the embedded task, trained once for the tests that need one. */
    static synchronized Path checkpoint() throws Exception {
        if (checkpointDir == null) {
            Path run = tmp.resolve("run");
            assertEquals(0, CliRunner.run("", "train", "--method", "erm", "--train", trainCsv().toString(), "--test",
                    testCsv().toString(), "--out", run.toString(), "--max-steps", "4", "--max-length", "64", "--lr-head", "0.01").code());
            checkpointDir = run.resolve("checkpoint");
        }
        return checkpointDir;
    }

    static Path trainCsv() throws Exception {
        return Files.write(tmp.resolve("train.csv"), Files.readAllLines(EmbeddedDatasets.defaultSplit("train")).subList(0, 161));
    }

    static Path testCsv() throws Exception {
        return Files.write(tmp.resolve("test.csv"), Files.readAllLines(EmbeddedDatasets.defaultSplit("test")).subList(0, 21));
    }

    @Test
    void guessesAreThePredictionsAveragedOverEachTextAndItsViewsAndTrainReadsThem() throws Exception {
        Path ckpt = checkpoint();
        // independent reference: the single-process augment command's views, predict's probabilities, averaged by hand
        Path views = tmp.resolve("guess-views.jsonl");
        assertEquals(0, CliRunner.run("", "augment", "--method", "eda", "--k", "2", "--seed", "7", "--in", txt.toString(),
                "--out", views.toString()).code());
        List<JsonNode> viewRows = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (String l : Files.readAllLines(views)) {
            JsonNode n = JSON.readTree(l);
            viewRows.add(n);
            all.add(n.get("text").asText());
            n.get("augmentations").forEach(v -> all.add(v.asText()));
        }
        CliRunner.Result p = CliRunner.run(String.join("\n", all) + "\n", "predict", "--checkpoint", ckpt.toString());
        assertEquals(0, p.code(), p.err());
        String[] probs = p.out().strip().split("\\R");
        List<String> got = CorpusJobs.guess(spark, input(jsonl), ckpt.toString(), "eda", 2, 7, null).lines().collect();
        assertEquals(texts.size(), got.size());
        double maxDiff = 0;
        for (int i = 0; i < got.size(); i++) {
            JsonNode g = JSON.readTree(got.get(i));
            assertEquals(viewRows.get(i).get("text"), g.get("text"), "row " + i);
            assertEquals(viewRows.get(i).get("augmentations"), g.get("augmentations"), "row " + i);
            for (var it = g.get("guess").fields(); it.hasNext(); ) {
                var e = it.next();
                double mean = 0;
                for (int v = 0; v < 3; v++) {
                    mean += JSON.readTree(probs[i * 3 + v]).get("probabilities").get(e.getKey()).asDouble() / 3;
                }
                maxDiff = Math.max(maxDiff, Math.abs(mean - e.getValue().asDouble()));
            }
        }
        System.out.printf("spark guess vs predict averaged by hand: max abs %.2e%n", maxDiff);
        assertTrue(maxDiff < 1e-5, "guesses differ by " + maxDiff);

        // train --method mixtext reads the file: its views and its guesses
        Path guesses = Files.write(tmp.resolve("guesses.jsonl"), got);
        Path run = tmp.resolve("mixtext-from-guesses");
        CliRunner.Result t = CliRunner.run("", "train", "--method", "mixtext", "--train", trainCsv().toString(), "--test",
                testCsv().toString(), "--unlabeled", guesses.toString(), "--out", run.toString(), "--max-steps", "2",
                "--max-length", "64", "--guess-refresh", "1");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.err().contains("label guesses precomputed in the file"), t.err());
        JsonNode report = JSON.readTree(run.resolve("report.json").toFile());
        assertTrue(report.toString().contains("\"precomputed_guesses\":true"), report.toString());
        List<String> metrics = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertTrue(metrics.stream().anyMatch(l -> l.contains("\"loss_guess_precomputed\":1.0")), String.join("\n", metrics));
        assertTrue(metrics.stream().anyMatch(l -> l.contains("\"loss_guess_precomputed\":0.0")), "update 2 guesses online");
        // --guess-refresh on texts without guesses: said before anything trains
        CliRunner.Result none = CliRunner.run("", "train", "--method", "mixtext", "--train", trainCsv().toString(), "--test",
                testCsv().toString(), "--unlabeled", views.toString(), "--out", tmp.resolve("no-guesses").toString(),
                "--max-steps", "2", "--guess-refresh", "5");
        assertTrue(none.code() != 0 && none.err().contains("--guess-refresh 5: " + views + " carries no precomputed guesses"),
                none.err());
    }

    @Test
    void predictEqualsTheSingleProcessCommand() throws Exception {
        Path run = checkpoint().getParent();
        CliRunner.Result p = CliRunner.run(String.join("\n", texts) + "\n", "predict", "--checkpoint", run.resolve("checkpoint").toString());
        assertEquals(0, p.code(), p.err());
        String[] expected = p.out().strip().split("\\R");
        List<String> got = CorpusJobs.predict(spark, input(jsonl), run.resolve("checkpoint").toString()).lines().collect();
        assertEquals(expected.length, got.size());
        double maxDiff = 0;
        for (int i = 0; i < got.size(); i++) {
            JsonNode a = JSON.readTree(expected[i]);
            JsonNode b = JSON.readTree(got.get(i));
            assertEquals(a.get("text"), b.get("text"), "row " + i);
            assertEquals(a.get("label"), b.get("label"), "row " + i);
            for (var it = a.get("probabilities").fields(); it.hasNext(); ) {
                var e = it.next();
                maxDiff = Math.max(maxDiff, Math.abs(e.getValue().asDouble() - b.get("probabilities").get(e.getKey()).asDouble()));
            }
        }
        System.out.printf("spark predict vs predict: probabilities max abs %.2e%n", maxDiff);
        assertTrue(maxDiff < 1e-5, "probabilities differ by " + maxDiff);
    }

    @Test
    void embedEqualsTheSingleProcessCommand() throws Exception {
        CliRunner.Result e = CliRunner.run(String.join("\n", texts) + "\n", "embed", "--max-length", "128");
        assertEquals(0, e.code(), e.err());
        String[] expected = e.out().strip().split("\\R");
        List<String> got = CorpusJobs.embed(spark, input(txt), "minilm-l6", Pooling.MEAN, false, 128).lines().collect();
        assertEquals(expected.length, got.size());
        double maxDiff = 0;
        for (int i = 0; i < got.size(); i++) {
            JsonNode a = JSON.readTree(expected[i]);
            JsonNode b = JSON.readTree(got.get(i));
            assertEquals(a.get("text"), b.get("text"), "row " + i);
            for (int k = 0; k < a.get("embedding").size(); k++) {
                maxDiff = Math.max(maxDiff, Math.abs(a.get("embedding").get(k).asDouble() - b.get("embedding").get(k).asDouble()));
            }
        }
        System.out.printf("spark embed vs embed: max abs %.2e%n", maxDiff);
        assertTrue(maxDiff < 1e-5, "embeddings differ by " + maxDiff);
    }

    @Test
    void aModelMissingOnTheExecutorsIsAClearError() {
        Path missing = tmp.resolve("no-such-model");
        Exception e = assertThrows(Exception.class, () -> CorpusJobs.embed(spark, input(txt), missing.toString(), Pooling.MEAN,
                false, 64).lines().count());
        String msg = SparkErrors.rootMessage(e);
        assertTrue(msg.startsWith("executor: cannot load the model " + missing), msg);
    }

    @Test
    void parquetInputGivesTheSameViews() throws Exception {
        Path parquet = tmp.resolve("texts.parquet");
        spark.read().json(jsonl.toString()).select("text", "id").orderBy("id").coalesce(1).write().parquet(parquet.toString());
        assertEquals(CorpusJobs.augment(spark, input(jsonl), "eda", 2, 7, null).lines().collect(),
                CorpusJobs.augment(spark, input(parquet), "eda", 2, 7, null).lines().collect());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CorpusJobs.augment(spark,
                new CorpusJobs.Input(parquet.toString(), "body", 2, 8, 1), "eda", 2, 7, null));
        assertTrue(e.getMessage().contains("no column 'body' (columns: text, id)"), e.getMessage());
    }

    @Test
    void csvInputReadsQuotedFieldsAndNamesAMalformedRecord() throws Exception {
        // quoted commas, doubled quotes and a line break inside a field, next to the id column
        StringBuilder csv = new StringBuilder("id,text\n");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String t = i % 3 == 0 ? "said \"no\", twice" : i % 3 == 1 ? "two\nlines, " + i : "plain " + i;
            expected.add(t);
            csv.append(i).append(",\"").append(t.replace("\"", "\"\"")).append("\"\n");
        }
        Path file = Files.writeString(tmp.resolve("texts.csv"), csv);
        // the reference reader: commons-csv, as the training data reader uses it
        List<String> reference = new ArrayList<>();
        try (var parser = org.apache.commons.csv.CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(Files.newBufferedReader(file))) {
            parser.forEach(r -> reference.add(r.get("text")));
        }
        assertEquals(expected, reference);
        List<String> got = CorpusInput.read(org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()),
                file.toString(), "text", 4).map(CorpusInput.Row::text).collect();
        assertEquals(reference, got);
        // a record with an extra field is named with its data row
        Path bad = Files.writeString(tmp.resolve("bad.csv"), "id,text\n1,fine\n2,too,many\n3,fine again\n");
        Exception e = assertThrows(Exception.class, () -> CorpusInput.read(
                org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()), bad.toString(), "text", 2).count());
        assertTrue(SparkErrors.rootMessage(e).startsWith(bad + ": row 2: not a CSV record of 2 fields"), SparkErrors.rootMessage(e));
        IllegalArgumentException col = assertThrows(IllegalArgumentException.class, () -> CorpusInput.read(
                org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()), file.toString(), "body", 2));
        assertTrue(col.getMessage().contains("no column 'body' (columns: id, text)"), col.getMessage());
    }

    @Test
    void aMalformedRowOfAHundredThousandIsNamedWithItsLine() throws Exception {
        Path big = tmp.resolve("big.jsonl");
        List<String> rows = new ArrayList<>(100_000);
        for (int i = 0; i < 100_000; i++) {
            rows.add(i == 76_543 ? "{\"text\": \"cut off" : "{\"text\": \"row " + i + "\"}");
        }
        Files.write(big, rows);
        Exception ex = assertThrows(Exception.class, () -> CorpusInput.read(
                org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()), big.toString(), "text", 4).count());
        String msg = String.valueOf(SparkErrors.rootMessage(ex));
        assertTrue(msg.startsWith(big + ":76544: not valid JSON"), msg);
        // kept aside instead: counted with its reason, every other row read
        CorpusInput.Parsed kept = CorpusInput.read(org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()),
                big.toString(), "text", 4, true);
        assertEquals(99_999, kept.rows().count());
        List<String> rejects = kept.rejects().collect();
        assertEquals(1, rejects.size());
        assertTrue(rejects.get(0).startsWith(big + ":76544: not valid JSON"), rejects.get(0));
        // without the bad row, every row is read: none skipped
        Path ok = Files.write(tmp.resolve("ok.jsonl"), rows.subList(0, 76_543));
        assertEquals(76_543, CorpusInput.read(org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()),
                ok.toString(), "text", 4).count());
    }
}
