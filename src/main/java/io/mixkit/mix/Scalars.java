package io.mixkit.mix;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a number, safe under gradient recording: the one way MixKit multiplies, divides,
 * raises, clamps or shifts a tensor by a scalar.
 *
 * <p>Why: DJL 0.36's {@code NDArray.mul(Number)} (and {@code div}, {@code pow}, {@code maximum},
 * {@code minimum}, {@code add}, {@code sub}, their in-place forms) copies the number into a 4-byte
 * Java direct buffer, wraps it with {@code torch::from_blob} (no deleter) and closes it right after the
 * op. When autograd records the op, its backward node keeps that scalar tensor (the gradient of
 * {@code x / s} needs {@code s}); a garbage collection between forward and backward lets the buffer's
 * cleaner free the 4 bytes, and backward then scales gradients by whatever the memory holds: NaN, inf
 * or a slightly wrong value. The scalar made here, {@code manager.full(shape [], v)}, is memory
 * libtorch allocates and reference-counts, so a saved tensor keeps it alive whatever Java does with
 * the handle. Results are bit-identical to the number-argument forms (both are the same op on a
 * 0-d float32 tensor).
 *
 * <p>{@code ScalarArithmeticRuleTest} fails the build if code under {@code io.mixkit} calls the
 * number-argument forms directly.
 */
public final class Scalars {

    private static final Shape SCALAR = new Shape();

    private Scalars() {}

    /**
     * @param manager where the scalar lives (the step's manager, or a short-lived scope)
     * @param v the value
     * @return a 0-d float32 tensor in libtorch-owned memory
     */
    public static NDArray of(NDManager manager, float v) {
        return manager.full(SCALAR, v);
    }

    /** @param x a tensor @param v a number @return {@code x * v}, the scalar on x's manager */
    public static NDArray mul(NDArray x, float v) {
        return x.mul(of(x.getManager(), v));
    }

    /** @param x a tensor @param v a number @return {@code x / v} */
    public static NDArray div(NDArray x, float v) {
        return x.div(of(x.getManager(), v));
    }

    /** @param x a tensor @param v a number @return {@code x + v} */
    public static NDArray add(NDArray x, float v) {
        return x.add(of(x.getManager(), v));
    }

    /** @param x a tensor @param v a number @return {@code x - v} */
    public static NDArray sub(NDArray x, float v) {
        return x.sub(of(x.getManager(), v));
    }

    /** @param x a tensor @param v an exponent @return {@code x ^ v} element-wise */
    public static NDArray pow(NDArray x, float v) {
        return x.pow(of(x.getManager(), v));
    }

    /** @param x a tensor @param v a floor @return {@code max(x, v)} element-wise */
    public static NDArray maximum(NDArray x, float v) {
        return x.maximum(of(x.getManager(), v));
    }
}
