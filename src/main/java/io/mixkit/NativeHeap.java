package io.mixkit;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

import java.util.Locale;
import java.util.Map;

/**
 * Keeps libtorch's freed tensor memory in glibc's heap for the next training step instead of handing it
 * back to the kernel, so a step does not pay a page fault for every 4 KiB it touches.
 *
 * <p>Why: libtorch allocates every tensor with {@code malloc}. glibc serves a request of at least its mmap
 * threshold (128 KiB at start, raised on the fly up to 32 MiB) with a fresh {@code mmap} and gives the
 * free top of a heap above its trim threshold (twice the mmap threshold) back to the kernel.
 * A training step allocates hundreds of megabytes and frees them all when its manager closes, so with those
 * defaults the next step faults most of its memory in again. On the 2-core AMD EPYC virtual machine MixKit
 * is developed on ({@code eval/bench-malloc.sh}, {@code eval/results/malloc-thresholds.md}), a process running
 * fp32 MiniLM ERM steps (batch 16 x 128) took 0.527 s a step with the thresholds below against 0.600 s with
 * glibc's (1.14x; 1.18x in an earlier run), MixText K=2 1.47 s against 1.67 s (1.14x), with a third of the
 * minor page faults (ERM 0.44-0.97 million a process against 1.44-1.49; MixText 1.33 against 3.5-5.3) and a
 * third to a half of the system CPU time.
 * jemalloc 5.3 with its defaults (LD_PRELOAD, a hand run) made the ERM step 1.1 s.
 *
 * <p>What it sets, once per process, through glibc's {@code mallopt}:
 * {@code M_MMAP_THRESHOLD} = 32 MiB (the cap that mallopt(3) gives for glibc's own dynamic threshold on
 * 64-bit systems: smaller requests come from the heap) and {@code M_TRIM_THRESHOLD} = 1 GiB (by glibc's
 * source a thread's heap is at most 64 MiB, so it is never trimmed; the main heap only above 1 GiB free).
 * The cost: a process keeps the native memory of its largest step until it exits.
 * Results are unchanged: {@code eval/identical-results.sh against} the commit before it gave all five seeded
 * runs bit for bit identical.
 *
 * <p>Setting: system property {@code mixkit.malloc} or environment variable {@code MIXKIT_MALLOC}:
 * {@code auto} (default: apply it where the C library is glibc and neither {@code GLIBC_TUNABLES} names a
 * {@code glibc.malloc} tunable, nor a {@code MALLOC_} variable is set, nor {@code LD_PRELOAD} names a malloc)
 * or {@code off} (glibc's defaults).
 */
public final class NativeHeap {

    /** What {@link #apply()} did. */
    public enum Outcome {
        /** both thresholds set */
        APPLIED,
        /** the C library is not glibc (or not reachable): nothing to set */
        NOT_GLIBC,
        /** the user chose the allocator's settings (GLIBC_TUNABLES, MALLOC_ variables, LD_PRELOAD) */
        USER_SETTINGS,
        /** {@code mixkit.malloc=off} */
        OFF,
        /** glibc refused a value */
        FAILED
    }

    /** glibc's malloc.h: M_TRIM_THRESHOLD and M_MMAP_THRESHOLD. */
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_THRESHOLD = -3;
    static final int MMAP_THRESHOLD = 32 << 20;
    static final int TRIM_THRESHOLD = 1 << 30;

    private static volatile Outcome outcome;

    private NativeHeap() {}

    /**
     * Applies the setting once per process (idempotent).
     *
     * @return what was done
     * @throws IllegalArgumentException if the setting is neither auto nor off
     */
    public static synchronized Outcome apply() {
        if (outcome == null) {
            outcome = AutoOrOff.isAuto("mixkit.malloc", "MIXKIT_MALLOC") ? decide(System.getenv()) : Outcome.OFF;
        }
        return outcome;
    }

    /** What {@code auto} does in this environment (sets the thresholds unless the user tunes malloc). */
    static Outcome decide(Map<String, String> env) {
        if (userChose(env)) {
            return Outcome.USER_SETTINGS;
        }
        Function mallopt;
        try {
            NativeLibrary c = NativeLibrary.getInstance("c");
            c.getFunction("gnu_get_libc_version"); // glibc's alone
            mallopt = c.getFunction("mallopt");
        } catch (RuntimeException | LinkageError e) {
            return Outcome.NOT_GLIBC;
        }
        boolean ok = mallopt.invokeInt(new Object[] {M_MMAP_THRESHOLD, MMAP_THRESHOLD}) == 1;
        ok &= mallopt.invokeInt(new Object[] {M_TRIM_THRESHOLD, TRIM_THRESHOLD}) == 1;
        return ok ? Outcome.APPLIED : Outcome.FAILED;
    }

    /** @return whether the environment already tunes or replaces malloc */
    static boolean userChose(Map<String, String> env) {
        String tunables = env.getOrDefault("GLIBC_TUNABLES", "");
        String preload = env.getOrDefault("LD_PRELOAD", "").toLowerCase(Locale.ROOT);
        return tunables.contains("glibc.malloc.") || preload.contains("malloc") || env.keySet().stream()
                .anyMatch(k -> k.startsWith("MALLOC_"));
    }
}
