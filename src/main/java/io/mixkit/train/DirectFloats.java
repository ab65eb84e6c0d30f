package io.mixkit.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.lang.reflect.Method;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * A view of a libtorch tensor's own memory as a {@link FloatBuffer}, for element loops MixKit runs in
 * Java (the fused AdamW update). Only where writing through the view writes the tensor: an fp32, dense,
 * contiguous CPU tensor of at most 2 GiB. DJL's {@code toByteBuffer(true)} silently returns a view of a
 * contiguous <em>copy</em> for a strided tensor, so contiguity is asked of libtorch first (DJL keeps that
 * call package-private; it is reached by reflection, and without it no view is given).
 *
 * <p>Lifetime: the view is valid only while the tensor is open; callers hold the view no longer than the
 * array (for a gradient handle, no longer than the scope it is attached to).
 */
final class DirectFloats {

    private static final Method IS_CONTIGUOUS;
    private static final Object LIB;

    static {
        Method m = null;
        Object lib = null;
        try {
            Class<?> c = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
            java.lang.reflect.Field f = c.getDeclaredField("LIB");
            f.setAccessible(true);
            lib = f.get(null);
            m = c.getDeclaredMethod("torchIsContiguous", long.class);
            m.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            m = null;
            lib = null;
        }
        IS_CONTIGUOUS = m;
        LIB = lib;
    }

    private DirectFloats() {}

    /**
     * @param a an array
     * @return a view of its memory (native byte order, position 0, capacity = element count), or null where
     *         writing through a view would not write {@code a} (another engine or type, not strided-dense
     *         (sparse, MKL-DNN), not contiguous, too large)
     */
    static FloatBuffer of(NDArray a) {
        if (!(a instanceof PtNDArray pt) || a.getDataType() != DataType.FLOAT32 || !Device.cpu().equals(a.getDevice())
                || a.size() > Integer.MAX_VALUE / Float.BYTES || JniUtils.getLayout(pt) != 0
                || !contiguous(pt)) {
            return null;
        }
        return pt.toByteBuffer(true).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static boolean contiguous(PtNDArray a) {
        if (IS_CONTIGUOUS == null) {
            return false;
        }
        try {
            return (Boolean) IS_CONTIGUOUS.invoke(LIB, a.getHandle());
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }
}
