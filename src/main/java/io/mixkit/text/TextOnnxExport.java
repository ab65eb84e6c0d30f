package io.mixkit.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixkit.onnx.OnnxProto.ModelProto;
import io.mixkit.train.NamedParameters;
import io.mixkit.train.io.OnnxGraph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fine-tuned text classifier as one ONNX graph (opset 17): {@code input_ids}, {@code attention_mask},
 * {@code token_type_ids} ([batch, sequence], int64) in; {@code logits} and {@code probabilities}
 * ([batch, classes], float) out. The graph is the encoder MixKit trains, operator for operator
 * ({@link BertEncoder}): embeddings (word + position + token type, LayerNorm), per layer
 * {@code softmax(Q K^T / sqrt(d) + (1 - m) * -1e9) V}, the output projection, residual and LayerNorm, the
 * feed-forward layer with its activation (exact GELU through Erf, the tanh form, or ReLU), then the
 * checkpoint's pooling ({@code sum_t m_t h_t / max(sum_t m_t, 1e-9)} or the first token) and
 * {@code logits = W v + b}. Linear weights are stored transposed ([in, out]) so each projection is one MatMul;
 * every initializer keeps its Hugging Face name (with {@code .T} where transposed).
 */
public final class TextOnnxExport {

    /** The opset: LayerNormalization is in the default domain from 17. */
    public static final int OPSET = 17;

    private static final String B = "batch";
    private static final String T = "sequence";

    private TextOnnxExport() {}

    /**
     * @param classifier the classifier (its encoder and head)
     * @param labels class names, in the head's order
     * @param metadata stored in the model (e.g. labels, base model, method)
     * @return the model
     */
    public static ModelProto build(TextClassifier classifier, List<String> labels, Map<String, String> metadata) {
        BertEncoder enc = classifier.encoder();
        BertConfig c = enc.config();
        NamedParameters p = classifier.parameters();
        OnnxGraph g = new OnnxGraph("mixkit_text_classifier");
        String ids = g.input("input_ids", OnnxGraph.INT64, B, T);
        String mask = g.input("attention_mask", OnnxGraph.INT64, B, T);
        String types = g.input("token_type_ids", OnnxGraph.INT64, B, T);
        int h = c.hiddenSize();

        // embeddings
        String word = g.node("Gather", "word", Map.of("axis", 0L), weight(g, p, "embeddings.word_embeddings.weight"), ids);
        String shape = g.node("Shape", "shape", ids);
        String len = g.node("Gather", "len", Map.of("axis", 0L), shape, g.longs("one_index", new long[] {1})); // a scalar
        String positions = g.node("Range", "positions", g.longs("zero", new long[] {0}), len, g.longs("step", new long[] {1}));
        String pos = g.node("Gather", "pos", Map.of("axis", 0L), weight(g, p, "embeddings.position_embeddings.weight"), positions);
        String typ = g.node("Gather", "type", Map.of("axis", 0L), weight(g, p, "embeddings.token_type_embeddings.weight"), types);
        String x = g.node("Add", "emb", g.node("Add", "emb", word, pos), typ);
        x = layerNorm(g, p, c, x, "embeddings.LayerNorm");

        // [B, T] mask -> [B, 1, 1, T] additive bias
        String m = g.node("Cast", "mask", Map.of("to", (long) OnnxGraph.FLOAT), mask);
        String inverted = g.node("Sub", "inverted", g.constant("one", 1f), m);
        String bias = g.node("Unsqueeze", "bias", g.node("Mul", "bias", inverted, g.scalar("masked", -1e9f)),
                g.longs("axes_1_2", new long[] {1, 2}, 2));

        int heads = c.numHeads();
        int d = c.headSize();
        String split = g.longs("split_heads", new long[] {0, 0, heads, d}, 4);
        String merge = g.longs("merge_heads", new long[] {0, 0, (long) heads * d}, 3);
        String scale = g.scalar("inv_sqrt_d", (float) (1 / Math.sqrt(d)));
        for (int i = 0; i < c.numLayers(); i++) {
            String pre = "encoder.layer." + i + ".";
            String q = g.node("Transpose", "q", Map.of("perm", new long[] {0, 2, 1, 3}),
                    g.node("Reshape", "q", linear(g, p, x, pre + "attention.self.query"), split));
            String kt = g.node("Transpose", "kt", Map.of("perm", new long[] {0, 2, 3, 1}),
                    g.node("Reshape", "k", linear(g, p, x, pre + "attention.self.key"), split));
            String v = g.node("Transpose", "v", Map.of("perm", new long[] {0, 2, 1, 3}),
                    g.node("Reshape", "v", linear(g, p, x, pre + "attention.self.value"), split));
            String scores = g.node("Add", "scores", g.node("Mul", "scores", g.node("MatMul", "scores", q, kt), scale), bias);
            String probs = g.node("Softmax", "probs", Map.of("axis", -1L), scores);
            String ctx = g.node("Reshape", "ctx", g.node("Transpose", "ctx", Map.of("perm", new long[] {0, 2, 1, 3}),
                    g.node("MatMul", "ctx", probs, v)), merge);
            String attn = linear(g, p, ctx, pre + "attention.output.dense");
            attn = layerNorm(g, p, c, g.node("Add", "res", attn, x), pre + "attention.output.LayerNorm");
            String ffn = activation(g, c, linear(g, p, attn, pre + "intermediate.dense"));
            ffn = linear(g, p, ffn, pre + "output.dense");
            x = layerNorm(g, p, c, g.node("Add", "res", ffn, attn), pre + "output.LayerNorm");
        }

        String pooled;
        if (classifier.pooling() == Pooling.CLS) {
            pooled = g.node("Gather", "cls", Map.of("axis", 1L), x, g.longs("first", new long[] {0}));
        } else {
            String m3 = g.node("Unsqueeze", "m3", m, g.longs("axes_2", new long[] {2}, 1));
            String sum = g.node("ReduceSum", "sum", Map.of("keepdims", 0L), g.node("Mul", "masked", x, m3),
                    g.longs("axes_seq", new long[] {1}, 1));
            String count = g.node("Max", "count", g.node("ReduceSum", "count", Map.of("keepdims", 0L), m3,
                    g.longs("axes_seq2", new long[] {1}, 1)), g.scalar("tiny", 1e-9f));
            pooled = g.node("Div", "mean", sum, count);
        }
        String logits = g.rename(linear(g, p, pooled, "classifier"), "logits");
        g.rename(g.node("Softmax", "softmax", Map.of("axis", -1L), logits), "probabilities");
        g.output("logits", OnnxGraph.FLOAT, B, (long) labels.size());
        g.output("probabilities", OnnxGraph.FLOAT, B, (long) labels.size());
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("labels", String.join("\n", labels));
        meta.put("pooling", classifier.pooling().name().toLowerCase(java.util.Locale.ROOT));
        return g.model(OPSET, meta);
    }

    /**
     * Writes a deployable folder: {@code model.onnx}, the checkpoint's tokenizer files, {@code labels.json},
     * {@code export.json} (inputs, outputs, labels, token budget, pooling) and a model card {@code README.md}
     * (base model, method, data and test metrics from the run's {@code report.json} beside the checkpoint).
     *
     * @param checkpoint the loaded checkpoint
     * @param checkpointDir its folder
     * @param out the destination folder (created)
     * @return the ONNX file
     * @throws IOException if a file cannot be read or written
     */
    public static Path write(TextCheckpoint.Loaded checkpoint, Path checkpointDir, Path out) throws IOException {
        Files.createDirectories(out);
        JsonNode info = checkpoint.info();
        List<String> labels = checkpoint.labels().names();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("base_model", info.path("base_model").asText(""));
        meta.put("method", info.path("method").asText(""));
        meta.put("max_length", Integer.toString(checkpoint.maxLength()));
        ModelProto model = build(checkpoint.classifier(), labels, meta);
        Path onnx = out.resolve("model.onnx");
        OnnxGraph.write(model, onnx);
        try (var files = Files.list(checkpointDir)) {
            for (Path f : files.filter(f -> TOKENIZER_FILES.contains(f.getFileName().toString())).toList()) {
                Files.copy(f, out.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        ObjectMapper json = new ObjectMapper();
        json.writerWithDefaultPrettyPrinter().writeValue(out.resolve("labels.json").toFile(), labels);
        ObjectNode e = json.createObjectNode();
        e.put("format", "onnx");
        e.put("opset", OPSET);
        ObjectNode inputs = e.putObject("inputs");
        for (String name : List.of("input_ids", "attention_mask", "token_type_ids")) {
            inputs.put(name, "int64 [batch, sequence]");
        }
        ObjectNode outputs = e.putObject("outputs");
        outputs.put("logits", "float [batch, " + labels.size() + "]");
        outputs.put("probabilities", "float [batch, " + labels.size() + "] (softmax of the logits)");
        e.set("labels", json.valueToTree(labels));
        e.put("max_length", checkpoint.maxLength());
        e.put("pooling", checkpoint.classifier().pooling().name().toLowerCase(java.util.Locale.ROOT));
        e.set("checkpoint", info);
        json.writerWithDefaultPrettyPrinter().writeValue(out.resolve("export.json").toFile(), e);
        Files.writeString(out.resolve("README.md"), card(info, labels, checkpoint.maxLength(), checkpointDir));
        return onnx;
    }

    /** Files a tokenizer may need, copied when the checkpoint has them. */
    static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer_config.json", "vocab.txt",
            "special_tokens_map.json");

    private static String card(JsonNode info, List<String> labels, int maxLength, Path checkpointDir) throws IOException {
        StringBuilder s = new StringBuilder("# Text classifier exported by MixKit\n\n");
        s.append("- base model: ").append(info.path("base_model").asText("unknown")).append('\n');
        s.append("- method: ").append(info.path("method").asText("unknown")).append('\n');
        s.append("- labels: ").append(String.join(", ", labels)).append('\n');
        s.append("- tokens per text: ").append(maxLength).append(" (longer texts: cut, as in training)\n");
        Path report = checkpointDir.toAbsolutePath().getParent() == null ? null
                : checkpointDir.toAbsolutePath().getParent().resolve("report.json");
        if (report != null && Files.isRegularFile(report)) {
            JsonNode r = new ObjectMapper().readTree(report.toFile());
            JsonNode d = r.path("data");
            s.append("- data: ").append(d.path("train_file").asText("?")).append(" (").append(d.path("train_examples").asInt())
                    .append(" training examples");
            if (d.path("labels_per_class").asInt() > 0) {
                s.append(", ").append(d.path("labels_per_class").asInt()).append(" per class");
            }
            s.append("), tested on ").append(d.path("test_file").asText("?")).append('\n');
            s.append(String.format(java.util.Locale.ROOT, "- test metrics: accuracy %.4f, macro-F1 %.4f, ECE %.4f on %d examples%n",
                    r.path("accuracy").asDouble(), r.path("macro_f1").asDouble(), r.path("ece").asDouble(), r.path("n").asInt()));
        } else {
            s.append("- test metrics: no report.json beside the checkpoint\n");
        }
        s.append("\n`model.onnx` (opset ").append(OPSET).append("): inputs `input_ids`, `attention_mask`, `token_type_ids` ")
                .append("(int64, [batch, sequence], as `tokenizer.json` encodes them, padded with mask 0); outputs `logits` and ")
                .append("`probabilities` ([batch, classes], in the order of `labels.json`).\n");
        return s.toString();
    }

    private static String weight(OnnxGraph g, NamedParameters p, String name) {
        var a = p.get(name);
        return g.floats(name, a.toFloatArray(), a.getShape().getShape());
    }

    /** {@code x W^T + b}, W stored as [in, out]. */
    private static String linear(OnnxGraph g, NamedParameters p, String x, String prefix) {
        var w = p.get(prefix + ".weight");
        long out = w.getShape().get(0);
        long in = w.getShape().get(1);
        float[] t = w.transpose().toFloatArray();
        String wt = g.floats(prefix + ".weight.T", t, in, out);
        return g.node("Add", "linear", g.node("MatMul", "matmul", x, wt), weight(g, p, prefix + ".bias"));
    }

    private static String layerNorm(OnnxGraph g, NamedParameters p, BertConfig c, String x, String prefix) {
        return g.node("LayerNormalization", "ln", Map.of("axis", -1L, "epsilon", c.layerNormEps()), x,
                weight(g, p, prefix + ".weight"), weight(g, p, prefix + ".bias"));
    }

    private static String activation(OnnxGraph g, BertConfig c, String x) {
        return switch (c.hiddenAct()) {
            case "relu" -> g.node("Relu", "relu", x);
            case "gelu_new" -> {
                // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
                String cube = g.node("Mul", "cube", g.node("Mul", "sq", x, x), x);
                String inner = g.node("Mul", "inner", g.node("Add", "inner", x, g.node("Mul", "cube", cube,
                        g.constant("gelu_cubic", 0.044715f))), g.constant("sqrt_2_over_pi", (float) Math.sqrt(2 / Math.PI)));
                yield halfTimes(g, x, g.node("Tanh", "tanh", inner));
            }
            default -> halfTimes(g, x, g.node("Erf", "erf", g.node("Div", "scaled", x, g.constant("sqrt2", (float) Math.sqrt(2)))));
        };
    }

    /** {@code 0.5 x (1 + t)}. */
    private static String halfTimes(OnnxGraph g, String x, String t) {
        return g.node("Mul", "gelu", g.node("Mul", "gelu", x, g.node("Add", "gelu", t, g.constant("one", 1f))),
                g.constant("half", 0.5f));
    }
}
