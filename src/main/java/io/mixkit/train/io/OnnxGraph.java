package io.mixkit.train.io;

import com.google.protobuf.ByteString;
import io.mixkit.onnx.OnnxProto.AttributeProto;
import io.mixkit.onnx.OnnxProto.GraphProto;
import io.mixkit.onnx.OnnxProto.ModelProto;
import io.mixkit.onnx.OnnxProto.NodeProto;
import io.mixkit.onnx.OnnxProto.OperatorSetIdProto;
import io.mixkit.onnx.OnnxProto.StringStringEntryProto;
import io.mixkit.onnx.OnnxProto.TensorProto;
import io.mixkit.onnx.OnnxProto.TensorShapeProto;
import io.mixkit.onnx.OnnxProto.TypeProto;
import io.mixkit.onnx.OnnxProto.ValueInfoProto;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes an ONNX model with the protobuf classes generated from ONNX's own schema ({@code src/main/proto/onnx.proto}):
 * inputs with named dynamic axes, fp32 and int64 initializers, nodes of the default domain, outputs. Node
 * outputs are named {@code PREFIX_N} so that a graph reads in order. Shared by the text and image exporters.
 */
public final class OnnxGraph {

    /** ONNX element types used here. */
    public static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    /** 64-bit integers (token ids, shapes). */
    public static final int INT64 = TensorProto.DataType.INT64_VALUE;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int counter;
    private final java.util.Set<String> constants = new java.util.HashSet<>();

    /** @param name the graph's name */
    public OnnxGraph(String name) {
        graph.setName(name);
    }

    private static ValueInfoProto value(String name, int type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) {
                dim.setDimParam(s);
            } else {
                dim.setDimValue(((Number) d).longValue());
            }
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(type).setShape(shape))).build();
    }

    /**
     * @param name the input's name
     * @param type {@link #FLOAT} or {@link #INT64}
     * @param dims each a fixed size (a number) or a named dynamic axis (a string)
     * @return the name
     */
    public String input(String name, int type, Object... dims) {
        graph.addInput(value(name, type, dims));
        return name;
    }

    /**
     * @param name an existing value, made a graph output
     * @param type its element type
     * @param dims its shape, as for {@link #input}
     */
    public void output(String name, int type, Object... dims) {
        graph.addOutput(value(name, type, dims));
    }

    /**
     * @param name the initializer's name (a Hugging Face parameter name reads best)
     * @param data row-major values
     * @param dims the shape
     * @return the name
     */
    public String floats(String name, float[] data, long... dims) {
        check(name, data.length, dims);
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(FLOAT).addAllDims(boxed(dims))
                .setRawData(ByteString.copyFrom(b.array())));
        return name;
    }

    /**
     * @param name the initializer's name
     * @param data values
     * @param dims the shape (none: a scalar)
     * @return the name
     */
    public String longs(String name, long[] data, long... dims) {
        check(name, data.length, dims);
        ByteBuffer b = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(data);
        graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(INT64).addAllDims(boxed(dims))
                .setRawData(ByteString.copyFrom(b.array())));
        return name;
    }

    /** @param name its name @param v the value @return a float scalar initializer */
    public String scalar(String name, float v) {
        return floats(name, new float[] {v});
    }

    /**
     * A float scalar shared by the nodes that use it: defined at the first call, reused after.
     *
     * @param name its name
     * @param v the value
     * @return the name
     */
    public String constant(String name, float v) {
        return constants.add(name) ? scalar(name, v) : name;
    }

    private static void check(String name, int n, long[] dims) {
        long size = 1;
        for (long d : dims) {
            size *= d;
        }
        if (size != n) {
            throw new IllegalArgumentException("initializer " + name + ": " + n + " values for shape " + java.util.Arrays.toString(dims));
        }
    }

    private static java.util.List<Long> boxed(long[] dims) {
        return java.util.Arrays.stream(dims).boxed().toList();
    }

    /**
     * Adds a node with one output.
     *
     * @param op the operator (default domain)
     * @param prefix names the output {@code prefix_N}
     * @param attributes integer ({@code Long}/{@code Integer}), float, or int-list ({@code long[]}) attributes
     * @param inputs the input values ("" for an omitted optional input)
     * @return the output's name
     */
    public String node(String op, String prefix, Map<String, Object> attributes, String... inputs) {
        String out = prefix + "_" + (counter++);
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(out).addOutput(out);
        for (String in : inputs) {
            n.addInput(in);
        }
        attributes.forEach((k, v) -> n.addAttribute(attribute(k, v)));
        graph.addNode(n);
        return out;
    }

    /** @param op operator @param prefix output prefix @param inputs inputs @return the output's name */
    public String node(String op, String prefix, String... inputs) {
        return node(op, prefix, Map.of(), inputs);
    }

    /**
     * Renames a value by an Identity node, e.g. to give a graph output its public name.
     *
     * @param from the value
     * @param to the new name
     * @return {@code to}
     */
    public String rename(String from, String to) {
        graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName(to).addInput(from).addOutput(to));
        return to;
    }

    private static AttributeProto attribute(String name, Object v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (v instanceof Integer || v instanceof Long) {
            a.setType(AttributeProto.AttributeType.INT).setI(((Number) v).longValue());
        } else if (v instanceof Float || v instanceof Double) {
            a.setType(AttributeProto.AttributeType.FLOAT).setF(((Number) v).floatValue());
        } else if (v instanceof long[] list) {
            a.setType(AttributeProto.AttributeType.INTS);
            for (long x : list) {
                a.addInts(x);
            }
        } else {
            throw new IllegalArgumentException("attribute " + name + ": unsupported value " + v);
        }
        return a.build();
    }

    /**
     * @param opset the default domain's opset version
     * @param metadata key-value pairs stored in the model
     * @return the model (IR version 8: read by ONNX Runtime 1.14 and later)
     */
    public ModelProto model(int opset, Map<String, String> metadata) {
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(8).setProducerName("MixKit")
                .setProducerVersion("0.1.0").addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph);
        metadata.forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    /**
     * @param model the model
     * @param file where to write it (written to a temporary file first, then moved into place)
     * @throws IOException if it cannot be written
     */
    public static void write(ModelProto model, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            model.writeTo(out);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
