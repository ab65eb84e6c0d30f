package io.mixkit;

/**
 * Process-wide settings MixKit needs before DJL starts: offline mode (nothing is ever downloaded;
 * libtorch comes from the bundled {@code pytorch-native-cpu} jar) and, unless the user set them,
 * thread counts sized to the machine; MKL's kernels chosen by the CPU's features, not its vendor
 * ({@link MklDispatch}); and freed tensor memory kept for the next step ({@link NativeHeap}).
 */
public final class MixKitRuntime {

    private static volatile boolean initialised;

    private MixKitRuntime() {}

    /**
     * Idempotent; call before the first DJL use. Leaves properties the user set alone.
     *
     * @throws IllegalArgumentException if {@code MIXKIT_MKL} or {@code MIXKIT_MALLOC} is neither auto nor off
     */
    public static void init() {
        if (initialised) {
            return;
        }
        synchronized (MixKitRuntime.class) {
            if (initialised) {
                return;
            }
            System.setProperty("ai.djl.offline", "true");
            // No telemetry call from the tokenizer library.
            System.setProperty("OPT_OUT_TRACKING", "true");
            if (System.getProperty("ai.djl.pytorch.num_threads") == null && System.getenv("OMP_NUM_THREADS") == null) {
                System.setProperty("ai.djl.pytorch.num_threads",
                        Integer.toString(Runtime.getRuntime().availableProcessors()));
            }
            if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
                System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
            }
            if (NativeHeap.apply() == NativeHeap.Outcome.FAILED) {
                System.err.println("mixkit: warning: glibc refused MixKit's malloc thresholds; set MIXKIT_MALLOC=off to"
                        + " silence this");
            }
            if (MklDispatch.apply() == MklDispatch.Outcome.FAILED) {
                System.err.println("mixkit: warning: MKL keeps its generic kernels (" + MklDispatch.failure()
                        + "); set MIXKIT_MKL=off to silence this");
            }
            initialised = true;
        }
    }

    /** @return the intra-op thread count libtorch was asked to use */
    public static int threads() {
        init();
        String env = System.getenv("OMP_NUM_THREADS");
        String prop = System.getProperty("ai.djl.pytorch.num_threads");
        return Integer.parseInt(prop != null ? prop : env);
    }
}
