package io.mixkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Matrix products in bfloat16 with fp32 inputs and outputs, differentiable: {@code linear(x, w, b) = x w^T + b}
 * and {@code matMul(a, b)}, each cast to bf16 inside a TorchScript module ({@code mixkit/bf16/bf16ops.pt},
 * made by the {@code make_bf16ops.py} beside it), so oneDNN runs them on AVX-512 BF16 or AMX units. DJL 0.36
 * cannot hold a bf16 tensor itself (its JNI aborts on the dtype), and nothing bf16 ever reaches Java: weights,
 * optimiser state, softmax, LayerNorm and the loss stay fp32 ("mixed precision" with fp32 master weights).
 * Gradients flow back through the casts in fp32.
 */
public final class Bf16Compute {

    private static PtSymbolBlock block;
    private static NDManager manager;
    private static NDArray linearTag;
    private static NDArray qkvTag;
    private static NDArray ffnTag;

    private Bf16Compute() {}

    private static synchronized PtSymbolBlock block() {
        if (block == null) {
            manager = NDManager.newBaseManager(); // lives as long as the JVM, as the module it holds
            try (InputStream in = Bf16Compute.class.getResourceAsStream("/mixkit/bf16/bf16ops.pt")) {
                if (in == null) {
                    throw new IllegalStateException("mixkit/bf16/bf16ops.pt is missing from the build");
                }
                block = JniUtils.loadModule((PtNDManager) manager, in, false, false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load the bf16 module", e);
            }
            linearTag = manager.zeros(new Shape(1));
            linearTag.setName("module_method:linear");
            qkvTag = manager.zeros(new Shape(1));
            qkvTag.setName("module_method:qkv");
            ffnTag = manager.zeros(new Shape(1));
            ffnTag.setName("module_method:ffn");
        }
        return block;
    }

    /**
     * @param x [..., in] fp32
     * @param w [out, in] fp32
     * @param b [out] fp32, or null
     * @return {@code x w^T + b}, fp32, computed in bf16
     */
    public static NDArray linear(NDArray x, NDArray w, NDArray b) {
        PtSymbolBlock m = block();
        NDList in = b == null ? new NDList(plain(x, x), plain(w, x), linearTag)
                : new NDList(plain(x, x), plain(w, x), plain(b, x), linearTag);
        // training = true: DJL runs a module called in inference mode under a no-grad guard, which would cut
        // the gradient (of the loss, and of a saliency pass in eval mode); the module has no dropout to switch
        return m.forward(new ParameterStore(x.getManager(), false), in, true).singletonOrThrow();
    }

    /**
     * The query, key and value projections of attention as one bf16 product (the three weights stacked).
     *
     * @param x [..., in] fp32
     * @param w the three weights [out, in], fp32
     * @param b the three biases [out], fp32
     * @return {@code x wq^T + bq}, {@code x wk^T + bk}, {@code x wv^T + bv}, fp32
     */
    public static NDList qkv(NDArray x, NDArray[] w, NDArray[] b) {
        PtSymbolBlock m = block();
        NDList in = new NDList(plain(x, x), plain(w[0], x), plain(w[1], x), plain(w[2], x), plain(b[0], x), plain(b[1], x),
                plain(b[2], x), qkvTag);
        return m.forward(new ParameterStore(x.getManager(), false), in, true);
    }

    /**
     * BERT's feed-forward block with exact GELU, {@code gelu(x w1^T + b1) w2^T + b2}, in bf16 throughout (the wide
     * intermediate never becomes fp32).
     *
     * @param x [..., H] fp32
     * @param w1 [F, H] @param b1 [F] @param w2 [H, F] @param b2 [H], fp32
     * @return [..., H] fp32
     */
    public static NDArray ffn(NDArray x, NDArray w1, NDArray b1, NDArray w2, NDArray b2) {
        PtSymbolBlock m = block(); // before the tag: block() makes it
        NDList in = new NDList(plain(x, x), plain(w1, x), plain(b1, x), plain(w2, x), plain(b2, x), ffnTag);
        return m.forward(new ParameterStore(x.getManager(), false), in, true).singletonOrThrow();
    }

    /**
     * @param a [..., n, k] fp32
     * @param b [..., k, m] fp32
     * @return {@code a @ b}, fp32, computed in bf16
     */
    public static NDArray matMul(NDArray a, NDArray b) {
        return block().forward(new ParameterStore(a.getManager(), false), new NDList(plain(a, a), plain(b, a)), true)
                .singletonOrThrow();
    }

    /**
     * The array, or an unnamed view of it: DJL passes a named array ("encoder.layer.0...") to TorchScript as an
     * entry of a dict. The view goes to the manager of the call's input {@code owner} (the step's), so it is freed
     * with the step; libtorch's reference counts keep the parameter's storage, and what autograd saved, alive.
     */
    private static NDArray plain(NDArray a, NDArray owner) {
        if (a.getName() == null || a.getName().isEmpty()) {
            return a;
        }
        NDArray v = a.reshape(a.getShape());
        v.attach(owner.getManager());
        return v;
    }
}
