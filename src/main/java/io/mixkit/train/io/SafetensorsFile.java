package io.mixkit.train.io;

import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Reads a {@code .safetensors} file: an 8-byte little-endian header length, a JSON header giving
 * {@code dtype}, {@code shape} and {@code data_offsets} per tensor, then the raw data. F32, F16, BF16
 * and F64 tensors are read; integer buffers (such as {@code position_ids}) are skipped. Each tensor is
 * memory-mapped, so weights never pass through the Java heap.
 */
public final class SafetensorsFile implements TensorSource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    private final String description;
    private final Map<String, StoredTensor> tensors = new LinkedHashMap<>();

    private final UnaryOperator<String> rename;

    private SafetensorsFile(String description, UnaryOperator<String> rename) {
        this.rename = rename;
        this.description = description;
    }

    /**
     * Opens a safetensors file, keeping the names as stored.
     *
     * @param file the file
     * @return its tensors
     * @throws IOException naming the file and tensor when the file is truncated or corrupt
     */
    public static SafetensorsFile open(Path file) throws IOException {
        return open(file, UnaryOperator.identity());
    }

    /**
     * Opens a safetensors file.
     *
     * @param file the file
     * @param rename maps stored names to the names callers use (e.g. to Hugging Face BERT names)
     * @return its tensors under the mapped names
     * @throws IOException naming the file and tensor when the file is truncated or corrupt
     */
    public static SafetensorsFile open(Path file, UnaryOperator<String> rename) throws IOException {
        SafetensorsFile w = new SafetensorsFile(file.toString(), rename);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new IOException(file + ": truncated safetensors file (" + size + " bytes, no header)");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
                throw new IOException(file + ": corrupt or truncated safetensors file (header length "
                        + headerLen + ", file size " + size + ")");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            ch.read(hb, 8);
            JsonNode header;
            try {
                header = JSON.readTree(new String(hb.array(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IOException(file + ": corrupt safetensors header (not JSON)", e);
            }
            long dataStart = 8 + headerLen;
            Iterator<Map.Entry<String, JsonNode>> it = header.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    continue;
                }
                w.add(ch, file, e.getKey(), e.getValue(), dataStart, size);
            }
        }
        return w;
    }

    private void add(FileChannel ch, Path file, String name, JsonNode info, long dataStart, long fileSize)
            throws IOException {
        String dtype = info.path("dtype").asText("");
        DataType t = switch (dtype) {
            case "F32" -> DataType.FLOAT32;
            case "F16" -> DataType.FLOAT16;
            case "BF16" -> DataType.BFLOAT16;
            case "F64" -> DataType.FLOAT64;
            case "I64", "I32", "U8", "I8", "BOOL" -> null;
            default -> throw new IOException(file + ": tensor '" + name + "' has unsupported dtype '" + dtype + "'");
        };
        if (t == null) {
            return; // integer buffers such as position_ids are not weights
        }
        JsonNode shapeNode = info.path("shape");
        JsonNode offs = info.path("data_offsets");
        if (!shapeNode.isArray() || !offs.isArray() || offs.size() != 2) {
            throw new IOException(file + ": tensor '" + name + "' lacks shape or data_offsets in the header");
        }
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong();
            count *= shape[i];
        }
        long begin = offs.get(0).asLong();
        long end = offs.get(1).asLong();
        if (end - begin != count * t.getNumOfBytes()) {
            throw new IOException(file + ": tensor '" + name + "' has shape " + Arrays.toString(shape)
                    + " but " + (end - begin) + " bytes of data");
        }
        if (dataStart + end > fileSize) {
            throw new IOException(file + ": truncated: tensor '" + name + "' ends at byte " + (dataStart + end)
                    + " but the file has " + fileSize);
        }
        ByteBuffer data = ch.map(FileChannel.MapMode.READ_ONLY, dataStart + begin, end - begin)
                .order(ByteOrder.LITTLE_ENDIAN);
        String hf = rename.apply(name);
        tensors.put(hf, new StoredTensor(hf, t, shape, data, false, file + " [" + name + "]"));
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Map<String, StoredTensor> tensors() {
        return tensors;
    }
}
