package io.mixkit.train.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * bfloat16 conversion done here because DJL 0.36's PyTorch engine aborts the JVM when it creates or
 * reads a BFLOAT16 array (measured: {@code NDManager.create(buffer, shape, BFLOAT16)} and
 * {@code toByteBuffer()} of a bf16 array both end in "terminate called without an active
 * exception"). A bf16 number is the upper half of a float32, so the conversion is a shift.
 * Buffers are direct (native memory), never Java arrays.
 */
final class BFloat16 {

    private BFloat16() {}

    /**
     * @param bf16 little-endian bf16 values
     * @return a direct little-endian float32 buffer
     */
    static ByteBuffer toFloat32(ByteBuffer bf16) {
        ByteBuffer in = bf16.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocateDirect(in.remaining() * 2).order(ByteOrder.LITTLE_ENDIAN);
        while (in.remaining() >= 2) {
            out.putInt((in.getShort() & 0xffff) << 16);
        }
        return out.flip();
    }

    /**
     * Rounds to nearest even, as {@code torch.Tensor.to(torch.bfloat16)} does.
     *
     * @param f32 little-endian float32 values
     * @return a direct little-endian bf16 buffer
     */
    static ByteBuffer fromFloat32(ByteBuffer f32) {
        ByteBuffer in = f32.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocateDirect(in.remaining() / 2).order(ByteOrder.LITTLE_ENDIAN);
        while (in.remaining() >= 4) {
            int bits = in.getInt();
            if ((bits & 0x7fffffff) > 0x7f800000) {
                out.putShort((short) ((bits >>> 16) | 0x40)); // keep NaN a quiet NaN
            } else {
                int rounding = 0x7fff + ((bits >>> 16) & 1);
                out.putShort((short) ((bits + rounding) >>> 16));
            }
        }
        return out.flip();
    }
}
