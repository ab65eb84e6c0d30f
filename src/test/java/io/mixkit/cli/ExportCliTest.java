package io.mixkit.cli;

import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mixkit.text.EncodedBatch;
import io.mixkit.text.TextCheckpoint;
import io.mixkit.text.TextOnnxExportTest;
import io.mixkit.text.data.EmbeddedDatasets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mixkit export}: fine-tuned MiniLM and bge-small classifiers exported to ONNX and run by ONNX Runtime on
 * texts they were not trained on, batched with padding, against the checkpoint's own logits (what predict
 * computes) and predict's probabilities; the file loaded by a separate process that has only ONNX Runtime;
 * the bad inputs.
 */
class ExportCliTest {

    @TempDir
    static Path tmp;
    static Path train;
    static Path test;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void data() throws Exception {
        List<String> all = Files.readAllLines(EmbeddedDatasets.defaultSplit("train"));
        List<String> t = Files.readAllLines(EmbeddedDatasets.defaultSplit("test"));
        train = tmp.resolve("train.csv");
        test = tmp.resolve("test.csv");
        Files.write(train, all.subList(0, 161));
        Files.write(test, t.subList(0, 41));
    }

    /** Unseen texts of different lengths: the test split's sentences. */
    static List<String> unseen() throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(EmbeddedDatasets.defaultSplit("test")).subList(41, 53)) {
            out.add(line.substring(0, line.lastIndexOf(',')).replace("\"", ""));
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"minilm-l6,mean", "bge-small,cls"})
    void exportedClassifierMatchesPredict(String model, String pooling) throws Exception {
        Path run = tmp.resolve("run-" + model);
        CliErrorsTest.Result r = CliErrorsTest.run("", "train", "--method", "erm", "--model", model, "--pooling", pooling,
                "--train", train.toString(), "--test", test.toString(), "--out", run.toString(), "--max-steps", "8",
                "--batch-size", "16", "--max-length", "64", "--lr-head", "0.01");
        assertEquals(0, r.code(), r.err());
        Path out = tmp.resolve("export-" + model);
        CliErrorsTest.Result e = CliErrorsTest.run("", "export", "--checkpoint", run.resolve("checkpoint").toString(),
                "--out", out.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().startsWith("wrote " + out.resolve("model.onnx") + " (2 classes: negative, positive)"), e.out());
        for (String f : List.of("model.onnx", "tokenizer.json", "labels.json", "export.json", "README.md")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        String card = Files.readString(out.resolve("README.md"));
        assertTrue(card.contains("- base model: " + model) && card.contains("- method: erm")
                && card.contains("test metrics: accuracy"), card);
        assertEquals(List.of("negative", "positive"), List.of(JSON.readValue(out.resolve("labels.json").toFile(), String[].class)));

        List<String> texts = unseen();
        try (TextCheckpoint.Loaded c = TextCheckpoint.load(run.resolve("checkpoint")); NDManager m = NDManager.newBaseManager()) {
            EncodedBatch batch = c.model().tokenizer().encode(texts, c.maxLength());
            assertTrue(batch.attentionMask()[0].length > 8, "padded batch");
            float[][][] ort = TextOnnxExportTest.run(out.resolve("model.onnx"), batch);
            float[] logits = c.classifier().logits(batch, m, false).toFloatArray();
            CliErrorsTest.Result p = CliErrorsTest.run(String.join("\n", texts) + "\n", "predict", "--checkpoint",
                    run.resolve("checkpoint").toString());
            assertEquals(0, p.code(), p.err());
            String[] lines = p.out().strip().split("\\R");
            double maxLogit = 0;
            double maxProb = 0;
            for (int i = 0; i < texts.size(); i++) {
                JsonNode probs = JSON.readTree(lines[i]).get("probabilities");
                for (int k = 0; k < 2; k++) {
                    maxLogit = Math.max(maxLogit, Math.abs(ort[0][i][k] - logits[i * 2 + k]));
                    String label = k == 0 ? "negative" : "positive";
                    maxProb = Math.max(maxProb, Math.abs(ort[1][i][k] - probs.get(label).asDouble()));
                }
            }
            System.out.printf("%s: ONNX Runtime vs checkpoint logits max abs %.2e, vs predict's probabilities %.2e%n",
                    model, maxLogit, maxProb);
            assertTrue(maxLogit < 1e-4, model + ": logits differ by " + maxLogit);
            assertTrue(maxProb < 1e-5, model + ": probabilities differ from predict's by " + maxProb);
        }
    }

    @Test
    void theFileLoadsInAProcessWithOnlyOnnxRuntime() throws Exception {
        Path run = tmp.resolve("run-standalone");
        assertEquals(0, CliErrorsTest.run("", "train", "--method", "erm", "--train", train.toString(), "--test", test.toString(),
                "--out", run.toString(), "--max-steps", "1", "--max-length", "32").code());
        Path out = tmp.resolve("export-standalone");
        assertEquals(0, CliErrorsTest.run("", "export", "--checkpoint", run.resolve("checkpoint").toString(), "--out",
                out.toString()).code());
        Path ortJar = Path.of(OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path source = Path.of("src/test/resources/ort-standalone/OrtLoad.java");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process proc = new ProcessBuilder(java.toString(), "-cp", ortJar.toString(), source.toString(),
                out.resolve("model.onnx").toString()).redirectErrorStream(true).start();
        assertTrue(proc.waitFor(120, TimeUnit.SECONDS), "the standalone process did not finish");
        String printed = new String(proc.getInputStream().readAllBytes());
        assertEquals(0, proc.exitValue(), printed);
        assertTrue(printed.contains("logits [2, 2]") && printed.contains("probabilities [2, 2]"), printed);
        assertTrue(printed.contains("row 0: "), printed);
    }

    @Test
    void criteriaLoadsTheExportAsAStandardPredictor() throws Exception {
        Path run = tmp.resolve("run-criteria");
        assertEquals(0, CliErrorsTest.run("", "train", "--method", "erm", "--train", train.toString(), "--test", test.toString(),
                "--out", run.toString(), "--max-steps", "4", "--max-length", "64", "--lr-head", "0.01").code());
        Path out = tmp.resolve("export-criteria");
        assertEquals(0, CliErrorsTest.run("", "export", "--checkpoint", run.resolve("checkpoint").toString(), "--out",
                out.toString()).code());
        List<String> texts = unseen();
        CliErrorsTest.Result p = CliErrorsTest.run(String.join("\n", texts) + "\n", "predict", "--checkpoint",
                run.resolve("checkpoint").toString());
        assertEquals(0, p.code(), p.err());
        String[] lines = p.out().strip().split("\\R");
        ai.djl.repository.zoo.Criteria<String, ai.djl.modality.Classifications> criteria = ai.djl.repository.zoo.Criteria.builder()
                .setTypes(String.class, ai.djl.modality.Classifications.class).optModelPath(out).optEngine("OnnxRuntime")
                .optTranslatorFactory(new io.mixkit.text.ClassifierTranslatorFactory()).build();
        try (var model = criteria.loadModel(); var predictor = model.newPredictor()) {
            List<ai.djl.modality.Classifications> batch = predictor.batchPredict(texts);
            ai.djl.modality.Classifications single = predictor.predict(texts.get(3));
            double maxDiff = 0;
            for (int i = 0; i < texts.size(); i++) {
                JsonNode probs = JSON.readTree(lines[i]).get("probabilities");
                ai.djl.modality.Classifications c = batch.get(i);
                assertEquals(List.of("negative", "positive"), c.getClassNames());
                for (String label : List.of("negative", "positive")) {
                    maxDiff = Math.max(maxDiff, Math.abs(c.get(label).getProbability() - probs.get(label).asDouble()));
                }
                assertEquals(JSON.readTree(lines[i]).get("label").asText(), c.best().getClassName());
            }
            System.out.printf("Criteria predictor vs predict: probabilities max abs %.2e%n", maxDiff);
            assertTrue(maxDiff < 1e-5, "probabilities differ from predict's by " + maxDiff);
            assertEquals(batch.get(3).get("positive").getProbability(), single.get("positive").getProbability(), 1e-5);
        }
    }

    @Test
    void badInputs() throws Exception {
        CliErrorsTest.assertOneLineError(CliErrorsTest.run("", "export", "--checkpoint", tmp.resolve("nope").toString(),
                "--out", tmp.resolve("o1").toString()), "--checkpoint " + tmp.resolve("nope"));
        Path empty = Files.createDirectories(tmp.resolve("not-a-checkpoint"));
        CliErrorsTest.assertOneLineError(CliErrorsTest.run("", "export", "--checkpoint", empty.toString(),
                "--out", tmp.resolve("o2").toString()), "not a MixKit checkpoint (no mixkit.json");
        Path run = tmp.resolve("run-bad");
        assertEquals(0, CliErrorsTest.run("", "train", "--method", "erm", "--train", train.toString(), "--test", test.toString(),
                "--out", run.toString(), "--max-steps", "1", "--max-length", "32").code());
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        CliErrorsTest.assertOneLineError(CliErrorsTest.run("", "export", "--checkpoint", run.resolve("checkpoint").toString(),
                "--out", file.toString()), "--out " + file + ": is a file, expected a folder");
        CliErrorsTest.assertOneLineError(CliErrorsTest.run("", "export", "--checkpoint", run.resolve("checkpoint").toString(),
                "--format", "tflite", "--out", tmp.resolve("o3").toString()), "--format", "onnx", "tflite");
    }
}
