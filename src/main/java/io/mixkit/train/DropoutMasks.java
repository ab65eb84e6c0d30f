package io.mixkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.norm.Dropout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.stream.IntStream;

/**
 * Inverted dropout (Srivastava et al., JMLR 2014) with masks drawn by MixKit instead of libtorch:
 * {@code dropout(x) = x * m / (1 - p)}, {@code m_i ~ Bernoulli(1 - p)} independently.
 *
 * <p>Why: on the AMD EPYC machines MixKit is developed on, libtorch draws a dropout mask serially (the same
 * time on 1 and 2 threads), and a training forward spent most of its non-matrix time there:
 * {@code eval/results/dropout-masks.md} has both per call. Here the draw is counter-based, so it splits
 * over the cores: element {@code i} of the
 * {@code c}-th mask since {@link #seed} keeps its value when
 * {@code hi32(z) < (1 - p) 2^32} (even i) or {@code lo32(z) < (1 - p) 2^32} (odd i), with
 * {@code z = splitmix64(k_c + (i/2 + 1) * 0x9E3779B97F4A7C15)} and {@code k_c = splitmix64(seed' + c * 0xD1B54A32D192ED03)}
 * (SplitMix64, Steele, Lea and Flood, OOPSLA 2014). The masks are those of no other library, with the same
 * distribution to 2^-32; the loop reseeds per step ({@link Trainer}), so a resumed run repeats them.
 *
 * <p>Memory: the mask is an uninitialised libtorch tensor ({@code torch.empty}) filled in place through a
 * direct view of its memory, so autograd's saved mask is libtorch's own and never points into Java memory.
 */
public final class DropoutMasks {

    /** Below this many elements the fill stays on the calling thread. */
    static final int PARALLEL_MIN = 1 << 18;

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long CALL_STRIDE = 0xD1B54A32D192ED03L;

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    private DropoutMasks() {}

    private static final class State {
        long key = splitmix64(0);
        long calls;
    }

    /**
     * Restarts this thread's mask stream (the loop calls it with the step's seed).
     *
     * @param seed any value
     */
    public static void seed(long seed) {
        State s = STATE.get();
        s.key = splitmix64(seed ^ 0x6D69786B69744450L);
        s.calls = 0;
    }

    /**
     * @param x an array (fp32 takes MixKit's masks; another type libtorch's dropout)
     * @param rate the drop probability p in [0, 1)
     * @return {@code x * m / (1 - p)}, attached to x's manager; x itself when p is 0
     */
    public static NDArray apply(NDArray x, float rate) {
        if (rate <= 0) {
            return x;
        }
        if (x.getDataType() != DataType.FLOAT32 || x.size() > Integer.MAX_VALUE / 4) {
            return Dropout.dropout(x, rate, true).singletonOrThrow();
        }
        State s = STATE.get();
        int n = (int) x.size();
        // torch.empty: libtorch's own memory, written in place through a view of it
        NDArray mask = x.getManager().create(x.getShape(), DataType.FLOAT32);
        ByteBuffer bytes = mask.toByteBuffer(true).order(ByteOrder.nativeOrder());
        fill(bytes.asFloatBuffer(), n, callKey(s.key, s.calls++), rate, n >= PARALLEL_MIN ? 2 : 1);
        return x.mul(mask);
    }

    static long callKey(long key, long call) {
        return splitmix64(key + call * CALL_STRIDE);
    }

    /**
     * Writes n mask values (0 or 1 / (1 - p)) for one call's key; the same values for any number of chunks.
     *
     * @param out the destination, from index 0
     * @param n values to write
     * @param key the call's key
     * @param rate p
     * @param chunks pieces filled in parallel
     */
    static void fill(FloatBuffer out, int n, long key, float rate, int chunks) {
        long keep = keepThreshold(rate);
        float scale = 1f / (1f - rate);
        int pairs = (n + 1) / 2;
        int per = (pairs + chunks - 1) / chunks;
        IntStream range = IntStream.range(0, chunks);
        (chunks > 1 ? range.parallel() : range).forEach(c -> {
            int from = c * per;
            int to = Math.min(pairs, from + per);
            for (int j = from; j < to; j++) {
                long z = splitmix64(key + (j + 1L) * GOLDEN);
                int i = 2 * j;
                out.put(i, (z >>> 32) < keep ? scale : 0f);
                if (i + 1 < n) {
                    out.put(i + 1, (z & 0xFFFFFFFFL) < keep ? scale : 0f);
                }
            }
        });
    }

    /** @return round((1 - p) 2^32): a 32-bit draw below it keeps its element */
    static long keepThreshold(float rate) {
        return Math.round((1.0 - rate) * 4294967296.0);
    }

    /** SplitMix64's output function (Stafford's mix 13). */
    static long splitmix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
