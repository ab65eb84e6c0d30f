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
        List<String> got = CorpusJobs.augmentEda(spark, input(jsonl), 2, 7).lines().collect();
        assertEquals(expected, got);
    }

    @Test
    void predictEqualsTheSingleProcessCommand() throws Exception {
        Path run = tmp.resolve("run");
        Path train = Files.write(tmp.resolve("train.csv"), Files.readAllLines(EmbeddedDatasets.defaultSplit("train")).subList(0, 161));
        Path test = Files.write(tmp.resolve("test.csv"), Files.readAllLines(EmbeddedDatasets.defaultSplit("test")).subList(0, 21));
        assertEquals(0, CliRunner.run("", "train", "--method", "erm", "--train", train.toString(), "--test", test.toString(),
                "--out", run.toString(), "--max-steps", "4", "--max-length", "64", "--lr-head", "0.01").code());
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
        assertEquals(CorpusJobs.augmentEda(spark, input(jsonl), 2, 7).lines().collect(),
                CorpusJobs.augmentEda(spark, input(parquet), 2, 7).lines().collect());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CorpusJobs.augmentEda(spark,
                new CorpusJobs.Input(parquet.toString(), "body", 2, 8, 1), 2, 7));
        assertTrue(e.getMessage().contains("no column 'body' (columns: text, id)"), e.getMessage());
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
