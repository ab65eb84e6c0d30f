package io.mixkit.text.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A minimal Protocol Buffers wire-format reader over a (memory-mapped) byte buffer, enough for
 * ONNX {@code ModelProto} and TensorFlow {@code BundleEntryProto}. Written by hand because the
 * generated classes would pull in protobuf-java and copy the 90 MB ONNX file onto the heap; this
 * reader only slices the mapped file.
 */
final class ProtoReader {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final ByteBuffer buf;
    private final String what;

    /**
     * @param buf the message bytes from position to limit
     * @param what names the file, for errors
     */
    ProtoReader(ByteBuffer buf, String what) {
        this.buf = buf.slice().order(ByteOrder.LITTLE_ENDIAN);
        this.what = what;
    }

    boolean hasMore() {
        return buf.hasRemaining();
    }

    /** @return the next tag (field number << 3 | wire type) */
    int tag() throws IOException {
        return (int) varint();
    }

    long varint() throws IOException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!buf.hasRemaining()) {
                throw truncated();
            }
            byte b = buf.get();
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IOException(what + ": malformed varint at byte " + buf.position());
    }

    /** @return a view of the next length-delimited field */
    ByteBuffer bytes() throws IOException {
        long len = varint();
        if (len < 0 || len > buf.remaining()) {
            throw truncated();
        }
        ByteBuffer v = buf.slice().order(ByteOrder.LITTLE_ENDIAN);
        v.limit((int) len);
        buf.position(buf.position() + (int) len);
        return v;
    }

    /** @return a view of the next {@code n} bytes (no length prefix) */
    ByteBuffer rawBytes(int n) throws IOException {
        if (n < 0 || n > buf.remaining()) {
            throw truncated();
        }
        ByteBuffer v = buf.slice().order(ByteOrder.LITTLE_ENDIAN);
        v.limit(n);
        buf.position(buf.position() + n);
        return v;
    }

    String string() throws IOException {
        ByteBuffer b = bytes();
        byte[] a = new byte[b.remaining()];
        b.get(a);
        return new String(a, StandardCharsets.UTF_8);
    }

    void skip(int wireType) throws IOException {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> advance(8);
            case LENGTH_DELIMITED -> bytes();
            case FIXED32 -> advance(4);
            default -> throw new IOException(what + ": corrupt protobuf (wire type " + wireType
                    + " at byte " + buf.position() + ")");
        }
    }

    private void advance(int n) throws IOException {
        if (buf.remaining() < n) {
            throw truncated();
        }
        buf.position(buf.position() + n);
    }

    private IOException truncated() {
        return new IOException(what + ": truncated or corrupt (protobuf field runs past the end of its data)");
    }
}
