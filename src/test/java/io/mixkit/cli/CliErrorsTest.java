package io.mixkit.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.mixkit.text.ModelCatalogue;
import io.mixkit.text.ModelFetcher;
import io.mixkit.text.TextModel;
import io.mixkit.train.io.SafetensorsWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input gives one line naming the file, line or tensor, a non-zero exit code, and no stack
 * trace unless {@code --verbose}.
 */
class CliErrorsTest {

    @TempDir
    static Path tmp;
    static Path saved;
    static Path onnx;

    record Result(int code, String out, String err) {}

    static Result run(String stdin, String... args) {
        return run(stdin.getBytes(StandardCharsets.UTF_8), args);
    }

    static synchronized Result run(byte[] stdin, String... args) {
        InputStream old = System.in;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            System.setIn(new ByteArrayInputStream(stdin));
            int code = MixKitCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
            return new Result(code, out.toString(), err.toString());
        } finally {
            System.setIn(old);
        }
    }

    /** One line on stderr, starting with the error prefix and containing every given fragment. */
    static void assertOneLineError(Result r, String... fragments) {
        assertEquals(1, r.code, "exit code; stderr: " + r.err);
        String[] lines = r.err.strip().split("\\R");
        assertEquals(1, lines.length, "expected one line, got: " + r.err);
        assertTrue(lines[0].startsWith("mixkit: error: "), lines[0]);
        for (String f : fragments) {
            assertTrue(lines[0].contains(f), "'" + f + "' missing from: " + lines[0]);
        }
        assertFalse(r.err.contains("\tat "), "no stack trace without --verbose");
    }

    @BeforeAll
    static void saveModel() throws Exception {
        saved = tmp.resolve("saved");
        try (TextModel m = TextModel.load("minilm-l6", false)) {
            m.save(saved);
        }
        onnx = ModelFetcher.resolve(ModelCatalogue.find("minilm-l6").orElseThrow()).resolve("model.onnx");
    }

    static Path modelDir(String name) throws Exception {
        Path d = Files.createDirectories(tmp.resolve(name));
        Files.copy(saved.resolve("config.json"), d.resolve("config.json"));
        Files.copy(saved.resolve("tokenizer.json"), d.resolve("tokenizer.json"));
        return d;
    }

    @Test
    void embedWritesOneJsonObjectPerLine() throws Exception {
        Result r = run("hello world\nThe capital of France is Paris.\n", "embed", "--model", saved.toString());
        assertEquals(0, r.code, r.err);
        String[] lines = r.out.strip().split("\\R");
        assertEquals(2, lines.length);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines[1]);
        assertEquals("The capital of France is Paris.", json.get("text").asText());
        assertEquals(384, json.get("embedding").size());
        // Same vector as the library computes directly.
        try (TextModel m = TextModel.load(saved.toString(), false); NDManager nd = NDManager.newBaseManager()) {
            float[] v = io.mixkit.text.Pooling.MEAN.apply(m.encoder().forward(
                    m.tokenizer().encode(java.util.List.of("The capital of France is Paris."), 256), nd, false)).toFloatArray();
            for (int i = 0; i < v.length; i++) {
                assertEquals(v[i], json.get("embedding").get(i).floatValue(), 1e-6f);
            }
        }
    }

    @Test
    void normalizedCosineOfParaphrasesIsHigh() throws Exception {
        Result r = run("A man is playing a guitar.\nSomeone plays the guitar.\nThe stock market fell sharply today.\n",
                "embed", "--normalize");
        assertEquals(0, r.code, r.err);
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        String[] lines = r.out.strip().split("\\R");
        double[][] v = new double[3][];
        for (int i = 0; i < 3; i++) {
            var e = mapper.readTree(lines[i]).get("embedding");
            v[i] = new double[e.size()];
            for (int k = 0; k < e.size(); k++) {
                v[i][k] = e.get(k).asDouble();
            }
        }
        double para = dot(v[0], v[1]);
        double unrelated = dot(v[0], v[2]);
        assertEquals(1.0, dot(v[0], v[0]), 1e-5);
        assertTrue(para > 0.6 && unrelated < 0.2, "paraphrase " + para + ", unrelated " + unrelated);
    }

    @Test
    void embedWithPrecisionAutoSaysWhatItChoseAndOnAnFp32CpuEqualsFp32() throws Exception {
        String texts = "A man is playing a guitar.\nThe stock market fell sharply today.\n";
        Result auto = run(texts, "embed", "--precision", "auto");
        assertEquals(0, auto.code, auto.err);
        boolean bf16 = io.mixkit.train.NativeBf16.available();
        assertTrue(auto.err.contains("precision auto: " + (bf16 ? "bf16" : "fp32") + " (this CPU has "), auto.err);
        if (!bf16) { // auto is fp32 here: the vectors are fp32's, bit for bit
            Result fp32 = run(texts, "embed", "--precision", "fp32");
            assertEquals(fp32.out, auto.out);
        }
    }

    @Test
    void embedSortsByLengthButWritesInInputOrder() throws Exception {
        // 70 texts of lengths 1..70 words in a shuffled order, batches of 2: 2 sorting windows (64 + 6 lines);
        // every output line is its input's text, and its vector is that of the text embedded alone (batch 1)
        java.util.List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < 70; i++) {
            texts.add(("word" + i + " ").repeat((i * 37) % 70 + 1).strip());
        }
        Result r = run(String.join("\n", texts) + "\n", "embed", "--batch-size", "2", "--max-length", "64");
        assertEquals(0, r.code, r.err);
        Result alone = run(texts.get(5) + "\n" + texts.get(66) + "\n", "embed", "--batch-size", "1", "--max-length", "64");
        assertEquals(0, alone.code, alone.err);
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        String[] lines = r.out.strip().split("\\R");
        String[] single = alone.out.strip().split("\\R");
        assertEquals(70, lines.length);
        for (int i = 0; i < 70; i++) {
            assertEquals(texts.get(i), mapper.readTree(lines[i]).get("text").asText(), "line " + i);
        }
        int[] picked = {5, 66};
        for (int j = 0; j < 2; j++) {
            var a = mapper.readTree(lines[picked[j]]).get("embedding");
            var b = mapper.readTree(single[j]).get("embedding");
            for (int k = 0; k < a.size(); k++) {
                assertEquals(b.get(k).asDouble(), a.get(k).asDouble(), 1e-5, "text " + picked[j] + " dim " + k);
            }
        }
        assertTrue(r.err.contains(" of 70 texts were longer than 64 tokens and were cut"), r.err); // counted across windows
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void emptyStdinLine() {
        assertOneLineError(run("first text\n\nthird\n", "embed"), "stdin line 2 is empty");
    }

    @Test
    void nonUtf8Stdin() {
        byte[] bad = {'o', 'k', '\n', 'b', 'a', 'd', (byte) 0xff, (byte) 0xfe, '\n'};
        assertOneLineError(run(bad, "embed"), "stdin line 2", "UTF-8");
    }

    @Test
    void unknownModelName() {
        assertOneLineError(run("x\n", "embed", "--model", "no-such-model"), "unknown model 'no-such-model'", "minilm-l6");
    }

    @Test
    void corruptOnnx() throws Exception {
        Path d = modelDir("corrupt-onnx");
        Files.writeString(d.resolve("model.onnx"), "this is not an onnx model at all");
        Files.delete(d.resolve("config.json"));
        assertOneLineError(run("x\n", "embed", "--model", d.toString()), d.resolve("model.onnx").toString(), "corrupt");
    }

    @Test
    void truncatedOnnx() throws Exception {
        Path d = modelDir("truncated-onnx");
        byte[] head = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(onnx)) {
            in.readNBytes(head, 0, head.length);
        }
        Files.write(d.resolve("model.onnx"), head);
        Files.delete(d.resolve("config.json"));
        assertOneLineError(run("x\n", "embed", "--model", d.toString()), "model.onnx", "truncated");
    }

    @Test
    void truncatedSafetensors() throws Exception {
        Path d = modelDir("truncated-st");
        byte[] all = Files.readAllBytes(saved.resolve("model.safetensors"));
        Files.write(d.resolve("model.safetensors"), Arrays.copyOf(all, all.length / 2));
        assertOneLineError(run("x\n", "embed", "--model", d.toString()), "model.safetensors", "truncated");
    }

    @Test
    void corruptSafetensorsHeader() throws Exception {
        Path d = modelDir("corrupt-st");
        byte[] all = Files.readAllBytes(saved.resolve("model.safetensors"));
        all[12] = '#'; // inside the JSON header
        all[13] = '#';
        Files.write(d.resolve("model.safetensors"), all);
        assertOneLineError(run("x\n", "embed", "--model", d.toString()), "model.safetensors", "corrupt");
    }

    @Test
    void wrongShapeTensorIsNamed() throws Exception {
        Path d = modelDir("wrong-shape");
        try (TextModel m = TextModel.load(saved.toString(), false); NDManager nd = NDManager.newBaseManager()) {
            Map<String, NDArray> tensors = new LinkedHashMap<>(m.encoder().parameters().asMap());
            tensors.put("encoder.layer.0.attention.self.query.weight", nd.zeros(new Shape(384, 380), DataType.FLOAT32));
            SafetensorsWriter.write(d.resolve("model.safetensors"), tensors, Map.of());
        }
        assertOneLineError(run("x\n", "embed", "--model", d.toString()),
                "encoder.layer.0.attention.self.query.weight (file [384, 380], model [384, 384])");
    }

    @Test
    void missingTensorIsNamed() throws Exception {
        Path d = modelDir("missing-tensor");
        try (TextModel m = TextModel.load(saved.toString(), false)) {
            Map<String, NDArray> tensors = new LinkedHashMap<>(m.encoder().parameters().asMap());
            tensors.remove("encoder.layer.5.output.LayerNorm.bias");
            SafetensorsWriter.write(d.resolve("model.safetensors"), tensors, Map.of());
        }
        assertOneLineError(run("x\n", "embed", "--model", d.toString()), "missing 1 [encoder.layer.5.output.LayerNorm.bias]");
    }

    @Test
    void missingTokenizer() throws Exception {
        Path d = modelDir("no-tokenizer");
        Files.delete(d.resolve("tokenizer.json"));
        Files.copy(saved.resolve("model.safetensors"), d.resolve("model.safetensors"));
        assertOneLineError(run("x\n", "embed", "--model", d.toString()), d.toString(), "no tokenizer");
    }

    @Test
    void verbosePrintsTheStackTrace() {
        Result r = run("x\n", "embed", "--verbose", "--model", "no-such-model");
        assertEquals(1, r.code);
        assertTrue(r.err.startsWith("mixkit: error: unknown model"), r.err);
        assertTrue(r.err.contains("\tat io.mixkit."), "stack trace expected with --verbose");
        for (String[] train : new String[][] {{"train", "--verbose"}, {"train", "text", "--verbose"}}) { // two levels down
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(train));
            args.addAll(java.util.List.of("--model", "no-such-model", "--out", "unused-out"));
            Result t = run("", args.toArray(new String[0]));
            assertEquals(1, t.code, t.err);
            assertTrue(t.err.contains("\tat io.mixkit."), "stack trace expected with " + args);
        }
    }

    @Test
    void fillMaskNeedsAnMlmHead() {
        assertOneLineError(run("", "fill-mask", "--model", "minilm-l6", "the capital of france is [MASK] ."),
                "no masked-LM head");
    }

    /** A model folder without config.json: its depth is known once loaded, and checked before any step. */
    @Test
    void mixLayersOfAModelWithoutConfigAreCheckedRightAfterItLoads() {
        String dir = onnx.getParent().toString();
        Result r = run("", "train", "--model", dir, "--method", "tmix", "--mix-layers", "9", "--out",
                tmp.resolve("no-config-run").toString());
        assertEquals(1, r.code(), r.err());
        String[] lines = r.err().strip().split("\\R");
        // The data summary comes first (the data is read before the model), then the error and nothing else.
        assertEquals("mixkit: error: --mix-layers 9: 9 is outside 0..6 (" + dir + " has 6 layers; 0 = the embeddings)",
                lines[lines.length - 1]);
        assertFalse(r.err().contains("\tat "), r.err());
        assertFalse(r.err().contains("epoch"), "no step ran: " + r.err());
    }

    /** Options are checked against the catalogue's depth and length before loading: they must be the model's. */
    @Test
    void catalogueDepthAndLengthAreTheLoadedModels() throws Exception {
        io.mixkit.text.BertConfig c = io.mixkit.text.BertConfig.read(saved.resolve("config.json"));
        ModelCatalogue.Entry e = ModelCatalogue.find("minilm-l6").orElseThrow();
        assertEquals(c.numLayers(), e.layers());
        assertEquals(c.maxPositions(), e.maxPositions());
        for (ModelCatalogue.Entry any : ModelCatalogue.all()) {
            assertTrue(any.layers() > 0 && any.maxPositions() > 0, any.name());
        }
    }

    @Test
    void helpOnEveryCommand() {
        for (String cmd : new String[] {"embed", "fill-mask", "models"}) {
            Result r = run("", cmd, "--help");
            assertEquals(0, r.code, cmd);
            assertTrue(r.out.contains("Usage: mixkit " + cmd), r.out);
        }
        Result models = run("", "models");
        assertTrue(models.out.contains("bert-base-uncased") && models.out.contains("minilm-l6-q"), models.out);
    }
}
