package io.mixkit.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether this CPU multiplies bfloat16 in hardware, which decides whether {@code --precision bf16} pays.
 *
 * <p>oneDNN (inside libtorch) runs {@link Bf16Compute}'s products on AVX-512 BF16 ({@code avx512_bf16}) or AMX
 * ({@code amx_bf16}) units, or on ARM's BF16 extension ({@code bf16} in {@code Features}). Without them it
 * emulates them: on a 2-core AMD EPYC with AVX2 only, a MiniLM ERM step (batch 16 x 128) took 36.0 s in bf16
 * against 1.20 s in fp32, 30 times as long ({@code eval/results/precision-by-cpu/}); in one hand run of
 * {@code MatmulProbe} there, a 2048^3 product ran at 0.3 GFLOP/s in bf16 against 147 in fp32. Read from {@code /proc/cpuinfo} once; where it cannot be read
 * (not Linux) the answer is "unknown", treated as no.
 */
public final class NativeBf16 {

    private static final Pattern FLAGS = Pattern.compile("(?m)^(flags|Features)\\s*:(.*)$");
    private static volatile Optional<String> found;

    private NativeBf16() {}

    /** @return true if this machine's CPU has bf16 matrix instructions */
    public static boolean available() {
        return unit().isPresent();
    }

    /** @return the instruction set found (e.g. {@code amx_bf16}), or empty where none is (or /proc/cpuinfo is unreadable) */
    public static Optional<String> unit() {
        if (found == null) {
            String text;
            try {
                text = Files.readString(Path.of("/proc/cpuinfo"));
            } catch (IOException | SecurityException e) {
                text = "";
            }
            found = fromCpuinfo(text);
        }
        return found;
    }

    /**
     * @param cpuinfo the text of {@code /proc/cpuinfo}
     * @return the best bf16 instruction set named in its first flags (x86) or Features (ARM) line: amx_bf16,
     *     avx512_bf16 or bf16; empty if none
     */
    public static Optional<String> fromCpuinfo(String cpuinfo) {
        var m = FLAGS.matcher(cpuinfo);
        if (!m.find()) {
            return Optional.empty();
        }
        var flags = java.util.Set.of(m.group(2).trim().toLowerCase(Locale.ROOT).split("\\s+"));
        for (String unit : new String[] {"amx_bf16", "avx512_bf16", "bf16"}) {
            if (flags.contains(unit)) {
                return Optional.of(unit);
            }
        }
        return Optional.empty();
    }
}
