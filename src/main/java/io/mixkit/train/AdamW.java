package io.mixkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import io.mixkit.MixKitRuntime;
import io.mixkit.mix.Scalars;

/**
 * AdamW with the semantics of {@code torch.optim.AdamW} (Loshchilov and Hutter, "Decoupled Weight
 * Decay Regularization", ICLR 2019):
 * <pre>
 *   p = p - lr * wd * p                       (decoupled decay, skipped for biases and LayerNorms)
 *   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
 *   p = p - (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * </pre>
 * Written here because DJL's AdamW adds epsilon after folding the bias correction into the learning
 * rate, applies one decay to every parameter, and keeps its moments on a manager that is never closed
 * (measured: parameters off by up to 2e-3 after 3 steps, and a leak of twice the model size per run).
 * Moments live on a sub-manager of the model's, freed by {@link #close()}; temporaries on a per-update manager;
 * the Java passes hold views of p, g, m and v only within {@link #step(double, float)}, while those are open. Parameter groups give the
 * encoder and the head their own learning rates.
 */
public final class AdamW implements Optimizer {

    private final NamedParameters params;
    private final ToDoubleFunction<String> learningRate;
    private final Predicate<String> decays;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final NDManager stateManager;
    private final Map<String, NDArray> m = new LinkedHashMap<>();
    private final Map<String, NDArray> v = new LinkedHashMap<>();
    private long t;
    /** False: every parameter by libtorch ops (AdamWTest's comparison of the two paths). */
    boolean fusedPass = true;
    /** Parameters the last update gave to the fused passes (AdamWTest checks the path it compares). */
    int fusedLastStep;

    /**
     * @param params the parameters to update
     * @param learningRate base learning rate per parameter name (its group's)
     * @param decays whether a parameter gets weight decay
     * @param beta1 first-moment decay (0.9)
     * @param beta2 second-moment decay (0.999)
     * @param eps denominator epsilon (1e-8 in torch; 1e-6 in Hugging Face's recipes)
     * @param weightDecay decoupled weight decay (torch default 0.01)
     */
    public AdamW(NamedParameters params, ToDoubleFunction<String> learningRate, Predicate<String> decays,
                 float beta1, float beta2, float eps, float weightDecay) {
        this.params = params;
        this.learningRate = learningRate;
        this.decays = decays;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.stateManager = params.manager().newSubManager();
        for (Map.Entry<String, NDArray> e : params.asMap().entrySet()) {
            NDArray p = e.getValue();
            m.put(e.getKey(), stateManager.zeros(p.getShape(), DataType.FLOAT32));
            v.put(e.getKey(), stateManager.zeros(p.getShape(), DataType.FLOAT32));
        }
    }

    /** The usual rule: no decay on biases and LayerNorm weights (BERT, Hugging Face, MixText). */
    public static boolean decaysByDefault(String name) {
        return !(name.endsWith(".bias") || name.contains("LayerNorm") || name.contains("layer_norm"));
    }

    /**
     * One update from the gradients times {@code gradScale}, which are then zeroed. Every fp32 CPU parameter
     * is updated by {@link #fusedUpdate}, Java loops over views of libtorch's memory (two passes instead of
     * about 14 libtorch ops a parameter); the others (any parameter without such a view) by the same formula
     * in libtorch ops, which the fused passes equal bit for bit (AdamWTest checks it).
     *
     * @param lrScale multiplier on every group's learning rate (the schedule's value at this step)
     * @param gradScale factor on every gradient (global-norm clipping's; 1 for none)
     */
    @Override
    public void step(double lrScale, float gradScale) {
        t++;
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        float rootBc2 = (float) Math.sqrt(bc2);
        try (NDManager scope = NDManager.newBaseManager()) {
            java.util.List<FusedSlab> fused = new java.util.ArrayList<>();
            for (Map.Entry<String, NDArray> e : params.asMap().entrySet()) {
                String name = e.getKey();
                NDArray p = e.getValue();
                NDArray g = Gradients.of(p, scope);
                double lr = learningRate.applyAsDouble(name) * lrScale;
                boolean decay = weightDecay > 0 && decays.test(name);
                float decayFactor = decay ? (float) (1 - lr * weightDecay) : 1f;
                float stepSize = (float) (lr / bc1);
                FusedSlab slab = !fusedPass ? null : FusedSlab.of(p, g, m.get(name), v.get(name), decayFactor, stepSize);
                if (slab != null) {
                    fused.add(slab);
                } else {
                    updateByOps(p, g, m.get(name), v.get(name), decay, decayFactor, stepSize, rootBc2, gradScale, scope);
                }
            }
            fusedLastStep = fused.size();
            fusedUpdate(fused, gradScale, beta1, beta2, rootBc2, eps, MixKitRuntime.threads(), scope);
        }
        Gradients.zero(params);
    }

    /** The update in libtorch ops, one parameter (the decay only where it has one, as before the fused passes). */
    private void updateByOps(NDArray p, NDArray g, NDArray mt, NDArray vt, boolean decay, float decayFactor,
                             float stepSize, float rootBc2, float gradScale, NDManager scope) {
        if (gradScale != 1f) {
            g = Optimizer.scoped(g.mul(Scalars.of(scope, gradScale)), scope);
        }
        if (decay) {
            p.muli(Scalars.of(scope, decayFactor));
        }
        mt.muli(Scalars.of(scope, beta1)).addi(Optimizer.scoped(g.mul(Scalars.of(scope, 1 - beta1)), scope));
        vt.muli(Scalars.of(scope, beta2)).addi(Optimizer.scoped(g.square(), scope).muli(Scalars.of(scope, 1 - beta2)));
        NDArray denom = Optimizer.scoped(vt.sqrt(), scope).divi(Scalars.of(scope, rootBc2)).addi(Scalars.of(scope, eps));
        p.subi(Optimizer.scoped(mt.div(denom), scope).muli(Scalars.of(scope, stepSize)));
    }

    /** One parameter's views for the fused passes: p, g, m, v and its group's factors. */
    record FusedSlab(FloatBuffer p, FloatBuffer g, FloatBuffer m, FloatBuffer v, NDArray vArray, int size,
                     float decayFactor, float stepSize) {
        /** @return the views, or null where one of the four arrays has none */
        static FusedSlab of(NDArray p, NDArray g, NDArray m, NDArray v, float decayFactor, float stepSize) {
            FloatBuffer pb = DirectFloats.of(p);
            FloatBuffer gb = pb == null ? null : DirectFloats.of(g);
            FloatBuffer mb = gb == null ? null : DirectFloats.of(m);
            FloatBuffer vb = mb == null ? null : DirectFloats.of(v);
            if (vb == null || g.size() != p.size()) {
                return null;
            }
            return new FusedSlab(pb, gb, mb, vb, v, (int) p.size(), decayFactor, stepSize);
        }
    }

    /** Elements a chunk copies into Java arrays at a time (4 x 16 KiB, within L1/L2). */
    private static final int CHUNK = 4096;

    /** A loop over elements [0, n) of Java arrays holding one chunk of p, g (or sqrt(v)), m and v. */
    private interface ChunkKernel {
        void run(FusedSlab s, float[] p, float[] g, float[] m, float[] v, int n);
    }

    /** Which arrays a pass reads and writes. */
    private enum Pass { MOMENTS, STEP }

    /**
     * The AdamW update of every slab, element-wise in fp32, in this order:
     * {@code g *= s; p *= d; m = m b1 + g (1-b1); v = v b2 + (g g)(1-b2); p -= (m / (sqrt(v) / sqrt(bc2) + eps)) * lr/bc1}.
     * Java's float arithmetic is IEEE single precision and never contracted into fused multiply-adds, as
     * libtorch's element-wise ops are; but libtorch's sqrt is not Java's (it differs in the last bit for
     * about 0.7% of values: libtorch's vectorised sqrt is not correctly rounded on this CPU build), so the square root is libtorch's,
     * taken between a first pass (moments, decay) and a second (the step). Measured by hand on MiniLM-L6's
     * 22.7M parameters, 2 threads: libtorch's ops 111-124 ms an update, these two passes 65-71 ms, one pass
     * with Java's correctly rounded root 37 ms (not taken: it would change every result in the last bits),
     * both passes block by block (128K elements, libtorch's sqrt per block, so the second pass finds the
     * first's arrays in cache) 90-99 ms: the per-block ops and forks cost more than the cache saved.
     */
    static void fusedUpdate(java.util.List<FusedSlab> slabs, float gradScale, float b1, float b2, float rootBc2,
                            float eps, int threads, NDManager scope) {
        float oneMinusB1 = 1 - b1;
        float oneMinusB2 = 1 - b2;
        forEachChunk(slabs, threads, Pass.MOMENTS, null, (s, p, g, m, v, n) -> {
            float d = s.decayFactor();
            for (int i = 0; i < n; i++) {
                float gi = g[i] * gradScale;
                m[i] = m[i] * b1 + gi * oneMinusB1;
                v[i] = v[i] * b2 + gi * gi * oneMinusB2;
                p[i] = p[i] * d;
            }
        });
        java.util.List<FloatBuffer> roots = new java.util.ArrayList<>();
        for (FusedSlab s : slabs) {
            NDArray root = Optimizer.scoped(s.vArray().sqrt(), scope);
            roots.add(DirectFloats.of(root));
        }
        forEachChunk(slabs, threads, Pass.STEP, roots, (s, p, root, m, v, n) -> {
            float step = s.stepSize();
            for (int i = 0; i < n; i++) {
                p[i] = p[i] - m[i] / (root[i] / rootBc2 + eps) * step;
            }
        });
    }

    /**
     * Runs a kernel over every slab's elements in chunks, the elements split evenly over {@code threads}
     * workers (as libtorch splits its element-wise ops).
     *
     * @param roots per slab, sqrt(v) (read into the kernel's second array) for {@link Pass#STEP}; else null
     */
    private static void forEachChunk(java.util.List<FusedSlab> slabs, int threads, Pass pass,
                                     java.util.List<FloatBuffer> roots, ChunkKernel kernel) {
        long total = 0;
        for (FusedSlab s : slabs) {
            total += s.size();
        }
        if (total == 0) {
            return;
        }
        long all = total;
        int workers = (int) Math.max(1, Math.min(threads, total / CHUNK));
        java.util.stream.IntStream range = java.util.stream.IntStream.range(0, workers);
        (workers > 1 ? range.parallel() : range).forEach(w -> {
            long lo = all * w / workers;
            long hi = all * (w + 1) / workers;
            float[] ps = new float[CHUNK];
            float[] gs = new float[CHUNK];
            float[] ms = new float[CHUNK];
            float[] vs = new float[CHUNK];
            long base = 0;
            for (int k = 0; k < slabs.size(); k++) {
                FusedSlab s = slabs.get(k);
                long from = Math.max(lo, base);
                long to = Math.min(hi, base + s.size());
                for (long i = from; i < to; i += CHUNK) {
                    int at = (int) (i - base);
                    int n = (int) Math.min(CHUNK, to - i);
                    s.p().get(at, ps, 0, n);
                    s.m().get(at, ms, 0, n);
                    if (pass == Pass.STEP) {
                        roots.get(k).get(at, gs, 0, n);
                    } else {
                        s.g().get(at, gs, 0, n);
                        s.v().get(at, vs, 0, n);
                    }
                    kernel.run(s, ps, gs, ms, vs, n);
                    s.p().put(at, ps, 0, n);
                    if (pass != Pass.STEP) {
                        s.m().put(at, ms, 0, n);
                        s.v().put(at, vs, 0, n);
                    }
                }
                base += s.size();
            }
        });
    }

    /** Frees the moment arrays. */
    @Override
    public void close() {
        stateManager.close();
    }

    @Override
    public long steps() {
        return t;
    }

    /**
     * The state to checkpoint: moments by {@code m.NAME} / {@code v.NAME}.
     *
     * @return name to moment array (live views; write them out before the next step)
     */
    @Override
    public Map<String, NDArray> state() {
        Map<String, NDArray> s = new LinkedHashMap<>();
        m.forEach((k, a) -> s.put("m." + k, a));
        v.forEach((k, a) -> s.put("v." + k, a));
        return s;
    }

    /**
     * Restores a checkpointed state.
     *
     * @param moments arrays named as {@link #state()}
     * @param steps updates already taken
     */
    @Override
    public void restore(Map<String, NDArray> moments, long steps) {
        copyState(moments);
        this.t = steps;
    }
}
