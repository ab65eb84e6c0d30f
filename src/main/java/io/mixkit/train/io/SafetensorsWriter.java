package io.mixkit.train.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Writes tensors as a {@code .safetensors} file (F32, F16 or BF16) that Hugging Face's loaders read.
 * The file is written to a temporary name and moved into place, so a crash never leaves a
 * truncated checkpoint behind.
 */
public final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsWriter() {}

    /**
     * Writes float32 tensors.
     *
     * @param file destination
     * @param tensors name to array (written in map order)
     * @param metadata string metadata for {@code __metadata__}
     * @throws IOException if it cannot be written
     */
    public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata)
            throws IOException {
        write(file, tensors, metadata, DataType.FLOAT32);
    }

    /**
     * @param file destination
     * @param tensors name to array (written in map order, converted to {@code type})
     * @param metadata string metadata for {@code __metadata__}
     * @param type FLOAT32, FLOAT16 or BFLOAT16
     * @throws IOException if it cannot be written
     */
    public static void write(Path file, Map<String, NDArray> tensors, Map<String, String> metadata, DataType type)
            throws IOException {
        String code = switch (type) {
            case FLOAT32 -> "F32";
            case FLOAT16 -> "F16";
            case BFLOAT16 -> "BF16";
            default -> throw new IllegalArgumentException("safetensors export supports float32, float16 and bfloat16, not " + type);
        };
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", code);
            var shape = t.putArray("shape");
            for (long d : e.getValue().getShape().getShape()) {
                shape.add(d);
            }
            long bytes = e.getValue().getShape().size() * type.getNumOfBytes();
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] h = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int pad = (8 - h.length % 8) % 8; // keep the data 8-byte aligned, as the reference writer does
        byte[] headerBytes = new byte[h.length + pad];
        System.arraycopy(h, 0, headerBytes, 0, h.length);
        java.util.Arrays.fill(headerBytes, h.length, headerBytes.length, (byte) ' ');

        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length);
            writeFully(ch, len.flip());
            writeFully(ch, ByteBuffer.wrap(headerBytes));
            int written = 0;
            for (NDArray a : tensors.values()) {
                if (written++ == tensors.size() / 2) {
                    CrashPoint.reach("safetensors.write"); // a test's crash halfway through the file
                }
                if (type == DataType.BFLOAT16) {
                    NDArray f = a.toType(DataType.FLOAT32, false);
                    writeFully(ch, BFloat16.fromFloat32(f.toByteBuffer()));
                    if (f != a) {
                        f.close();
                    }
                    continue;
                }
                NDArray f = a.getDataType() == type ? a : a.toType(type, false);
                writeFully(ch, f.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN));
                if (f != a) {
                    f.close();
                }
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
