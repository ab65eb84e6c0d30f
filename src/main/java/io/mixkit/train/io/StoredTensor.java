package io.mixkit.train.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One tensor as stored in a weight file: its bytes (a view of a memory-mapped file), element type,
 * stored shape, and whether it is stored [in, out] and must be transposed to PyTorch's [out, in].
 *
 * @param name the tensor's name (after any mapping)
 * @param dataType element type as stored
 * @param storedShape the shape in the file
 * @param data little-endian bytes, exactly {@code size * bytesPerElement} long
 * @param transposed whether the file holds the transpose of the Hugging Face tensor
 * @param origin where it came from, for error messages (file and name inside it)
 */
public record StoredTensor(String name, DataType dataType, long[] storedShape, ByteBuffer data,
                           boolean transposed, String origin, Quantization quantization) {

    /**
     * Linear int8/uint8 quantisation as ONNX's {@code DequantizeLinear}: {@code w = (q - zeroPoint) * scale},
     * with one scale and zero point per tensor or per column (the last stored axis).
     *
     * @param scale float32 scales, 1 or {@code storedShape[last]} of them
     * @param zeroPoint zero points in the tensor's own integer type, as many as scales
     */
    public record Quantization(float[] scale, long[] zeroPoint) {}

    /** A plain (not quantised) tensor. */
    public StoredTensor(String name, DataType dataType, long[] storedShape, ByteBuffer data, boolean transposed,
                        String origin) {
        this(name, dataType, storedShape, data, transposed, origin, null);
    }

    /** @return the shape in PyTorch orientation */
    public long[] shape() {
        if (!transposed) {
            return storedShape;
        }
        return new long[] {storedShape[1], storedShape[0]};
    }

    /**
     * Materialises the tensor as float32 in PyTorch orientation.
     *
     * @param manager where the result lives (a short-lived one: the copy goes into a parameter)
     * @return the array
     */
    public NDArray toFloat32(NDManager manager) {
        ByteBuffer buf = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        NDArray a = dataType == DataType.BFLOAT16
                ? manager.create(BFloat16.toFloat32(buf), new Shape(storedShape), DataType.FLOAT32)
                : manager.create(buf, new Shape(storedShape), dataType);
        if (dataType != DataType.FLOAT32) {
            a = a.toType(DataType.FLOAT32, false);
        }
        if (quantization != null) {
            int n = quantization.scale().length;
            float[] zp = new float[n];
            for (int i = 0; i < n; i++) {
                zp[i] = quantization.zeroPoint()[i];
            }
            a = a.sub(manager.create(zp)).mul(manager.create(quantization.scale()));
        }
        if (transposed) {
            a = a.transpose().duplicate();
        }
        return a;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape()) + " " + dataType + " from " + origin;
    }
}
