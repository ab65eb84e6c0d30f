package io.mixkit.image;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixkit.onnx.OnnxProto.ModelProto;
import io.mixkit.train.io.OnnxGraph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A trained image classifier as one ONNX graph (opset 17): {@code pixels} ([batch, channels, height, width],
 * float in [0, 1], as {@code train image} reads them) in, {@code logits} and {@code probabilities}
 * ([batch, classes]) out. The per-channel normalisation {@code (x - mean) / std} is folded into the graph;
 * BatchNorm uses the running statistics (evaluation mode), exactly as {@link ResNetClassifier} predicts:
 * stem convolution, pre-activation blocks {@code conv(relu(bn(conv(relu(bn(x)))))) + shortcut}, BN-ReLU,
 * global average pooling, {@code logits = W v + b}.
 */
public final class ImageOnnxExport {

    private ImageOnnxExport() {}

    /**
     * @param model the classifier
     * @param classes class names in the head's order
     * @param side image height and width the model was trained on (the graph accepts any square size the
     *     architecture handles; this is recorded)
     * @return the model
     */
    public static ModelProto build(ResNetClassifier model, List<String> classes, int side) {
        OnnxGraph g = new OnnxGraph("mixkit_image_classifier");
        int c = model.channels();
        String x = g.input("pixels", OnnxGraph.FLOAT, "batch", (long) c, "height", "width");
        x = g.node("Div", "normalised", g.node("Sub", "centred", x, g.floats("mean", model.mean(), 1, c, 1, 1)),
                g.floats("std", model.std(), 1, c, 1, 1));
        var p = model.parameters();
        var buffers = model.buffers();
        ResNetClassifier.Architecture arch = model.architecture();
        for (int group = 1; group <= arch.widths().length; group++) {
            if (group == 1) {
                x = conv(g, p.get("conv1.weight"), "conv1", x, 1);
            }
            for (int b = 0; b < arch.blocks()[group - 1]; b++) {
                String pre = "layer" + group + "." + b + ".";
                int stride = b == 0 && group > 1 ? 2 : 1;
                String a = bnRelu(g, model, pre + "bn1", x);
                String shortcut = p.contains(pre + "shortcut.0.weight")
                        ? conv(g, p.get(pre + "shortcut.0.weight"), pre + "shortcut.0", a, stride) : x;
                String h = conv(g, p.get(pre + "conv1.weight"), pre + "conv1", a, stride);
                h = conv(g, p.get(pre + "conv2.weight"), pre + "conv2", bnRelu(g, model, pre + "bn2", h), 1);
                x = g.node("Add", "block", h, shortcut);
            }
        }
        x = bnRelu(g, model, "bn", x);
        String pooled = g.node("Flatten", "pooled", Map.of("axis", 1L), g.node("GlobalAveragePool", "gap", x));
        NDArray w = p.get("linear.weight");
        String wt = g.floats("linear.weight.T", w.transpose().toFloatArray(), w.getShape().get(1), w.getShape().get(0));
        String logits = g.rename(g.node("Add", "linear", g.node("MatMul", "matmul", pooled, wt),
                g.floats("linear.bias", p.get("linear.bias").toFloatArray(), classes.size())), "logits");
        g.rename(g.node("Softmax", "softmax", Map.of("axis", -1L), logits), "probabilities");
        g.output("logits", OnnxGraph.FLOAT, "batch", (long) classes.size());
        g.output("probabilities", OnnxGraph.FLOAT, "batch", (long) classes.size());
        return g.model(17, Map.of("labels", String.join("\n", classes), "architecture", arch.name(),
                "side", Integer.toString(side)));
    }

    private static String conv(OnnxGraph g, NDArray w, String name, String x, int stride) {
        long k = w.getShape().get(2);
        long pad = k / 2;
        String weight = g.floats(name + ".weight", w.toFloatArray(), w.getShape().getShape());
        return g.node("Conv", "conv", Map.of("strides", new long[] {stride, stride}, "pads", new long[] {pad, pad, pad, pad},
                "kernel_shape", new long[] {k, k}), x, weight);
    }

    private static String bnRelu(OnnxGraph g, ResNetClassifier m, String name, String x) {
        var p = m.parameters();
        String y = g.node("BatchNormalization", "bn", Map.of("epsilon", ResNetClassifier.batchNormEpsilon()), x,
                g.floats(name + ".weight", p.get(name + ".weight").toFloatArray(), p.get(name + ".weight").size()),
                g.floats(name + ".bias", p.get(name + ".bias").toFloatArray(), p.get(name + ".bias").size()),
                g.floats(name + ".running_mean", m.buffers().get(name + ".running_mean").toFloatArray(),
                        m.buffers().get(name + ".running_mean").size()),
                g.floats(name + ".running_var", m.buffers().get(name + ".running_var").toFloatArray(),
                        m.buffers().get(name + ".running_var").size()));
        return g.node("Relu", "relu", y);
    }

    /**
     * Writes {@code model.onnx}, {@code labels.json} and {@code export.json} (input layout, normalisation folded in).
     *
     * @param c the loaded checkpoint
     * @param out the destination folder (created)
     * @return the ONNX file
     * @throws IOException if a file cannot be written
     */
    public static Path write(ImageCheckpoint.Loaded c, Path out) throws IOException {
        Files.createDirectories(out);
        Path onnx = out.resolve("model.onnx");
        OnnxGraph.write(build(c.model(), c.classes(), c.side()), onnx);
        ObjectMapper json = new ObjectMapper();
        json.writerWithDefaultPrettyPrinter().writeValue(out.resolve("labels.json").toFile(), c.classes());
        ObjectNode e = json.createObjectNode();
        e.put("format", "onnx");
        e.put("opset", 17);
        e.put("input", "pixels: float [batch, " + c.model().channels() + ", " + c.side() + ", " + c.side()
                + "] in [0, 1] (normalisation by the training mean and std is inside the graph)");
        e.put("outputs", "logits, probabilities: float [batch, " + c.classes().size() + "]");
        e.set("labels", json.valueToTree(c.classes()));
        e.set("mean", json.valueToTree(c.model().mean()));
        e.set("std", json.valueToTree(c.model().std()));
        e.put("architecture", c.model().architecture().name());
        json.writerWithDefaultPrettyPrinter().writeValue(out.resolve("export.json").toFile(), e);
        return onnx;
    }
}
