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
        // DJL's ONNX Runtime engine must create its process's only ONNX Runtime environment: a JVM of its own
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        Process proc = new ProcessBuilder(javaBin.toString(), "-cp", System.getProperty("java.class.path"),
                "-Dai.djl.offline=true", CriteriaServe.class.getName(), out.toString()).redirectError(tmp.resolve("criteria.err").toFile()).start();
        proc.getOutputStream().write((String.join("\n", texts) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        proc.getOutputStream().close();
        String printed = new String(proc.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(proc.waitFor(180, TimeUnit.SECONDS), "the DJL process did not finish");
        String err = Files.readString(tmp.resolve("criteria.err"));
        assertEquals(0, proc.exitValue(), printed + err);
        String[] served = printed.strip().split("\\R");
        assertEquals(texts.size() + 1, served.length, printed);
        double maxDiff = 0;
        for (int i = 0; i < texts.size(); i++) {
            JsonNode row = JSON.readTree(lines[i]);
            String[] parts = served[i].split(" ");
            assertEquals(row.get("label").asText(), parts[0], "best class of text " + i);
            for (int k = 1; k < parts.length; k++) {
                String[] kv = parts[k].split("=");
                maxDiff = Math.max(maxDiff, Math.abs(Double.parseDouble(kv[1]) - row.get("probabilities").get(kv[0]).asDouble()));
            }
        }
        System.out.printf("Criteria predictor vs predict: probabilities max abs %.2e%n", maxDiff);
        assertTrue(maxDiff < 1e-5, "probabilities differ from predict's by " + maxDiff);
        assertEquals(served[0], served[texts.size()].substring("single ".length()), "predict of one text = its batchPredict row");
    }

    @Test
    void imageClassifierExportsWithItsNormalisationInside() throws Exception {
        Path run = tmp.resolve("run-image");
        CliErrorsTest.Result r = CliErrorsTest.run("", "train", "image", "--method", "vanilla", "--epochs", "1",
                "--max-steps", "6", "--out", run.toString());
        assertEquals(0, r.code(), r.err());
        Path out = tmp.resolve("export-image");
        CliErrorsTest.Result e = CliErrorsTest.run("", "export", "--checkpoint", run.resolve("checkpoint").toString(),
                "--out", out.toString());
        assertEquals(0, e.code(), e.err());
        assertTrue(e.out().contains("10 classes, 1-channel 32x32 pixels in [0, 1]"), e.out());
        io.mixkit.image.data.ImageDataset images = io.mixkit.image.data.ImageDatasets.load(null, 32).test().first(16);
        float[][][][] pixels = new float[16][1][32][32];
        for (int i = 0; i < 16; i++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    pixels[i][0][y][x] = images.pixels()[i * 1024 + y * 32 + x];
                }
            }
        }
        float[][] ort;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (var s = env.createSession(out.resolve("model.onnx").toString(), new ai.onnxruntime.OrtSession.SessionOptions());
             var in = ai.onnxruntime.OnnxTensor.createTensor(env, pixels);
             var res = s.run(java.util.Map.of("pixels", in))) {
            ort = (float[][]) res.get("logits").orElseThrow().getValue();
        }
        try (io.mixkit.image.ImageCheckpoint.Loaded c = io.mixkit.image.ImageCheckpoint.load(run.resolve("checkpoint"));
             NDManager m = NDManager.newBaseManager()) {
            float[] expected = c.model().logits(new io.mixkit.image.ImageBatch(java.util.Arrays.copyOf(images.pixels(), 16 * 1024),
                    16, 1, 32, 32), m, false).toFloatArray();
            double maxDiff = 0;
            for (int i = 0; i < 16; i++) {
                for (int k = 0; k < 10; k++) {
                    maxDiff = Math.max(maxDiff, Math.abs(ort[i][k] - expected[i * 10 + k]));
                }
            }
            System.out.printf("image: ONNX Runtime vs checkpoint logits max abs %.2e%n", maxDiff);
            assertTrue(maxDiff < 1e-4, "image logits differ by " + maxDiff);
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
