package io.mixkit.train;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link NativeBf16}'s reading of /proc/cpuinfo and what {@code --precision auto} makes of it. */
class PrecisionTest {

    /**
     * /proc/cpuinfo texts cut to the lines that matter: the first as on this project's AVX2-only EPYC machine, the
     * others written in the same format with the flags those CPUs report (AVX-512 EPYC, Sapphire Rapids, Graviton3).
     */
    private static final String AVX2_EPYC = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC\n"
            + "flags\t\t: fpu vme sse sse2 avx avx2 fma bmi2 sha_ni\nbugs\t\t: sysret_ss_attrs\n\nprocessor\t: 1\n";
    private static final String AVX512_EPYC = "model name\t: AMD EPYC\nflags\t\t: fpu avx2 avx512f avx512bw avx512_vnni avx512_bf16 vaes\n";
    private static final String SAPPHIRE_RAPIDS = "flags\t\t: avx2 avx512f avx512_bf16 avx512_fp16 amx_bf16 amx_tile amx_int8\n";
    private static final String GRAVITON3 = "processor\t: 0\nBogoMIPS\t: 2100.00\nFeatures\t: fp asimd sve bf16 i8mm\n";

    @Test
    void readsTheBestBf16UnitFromTheFirstFlagsLine() {
        assertEquals(Optional.empty(), NativeBf16.fromCpuinfo(AVX2_EPYC));
        assertEquals(Optional.of("avx512_bf16"), NativeBf16.fromCpuinfo(AVX512_EPYC));
        assertEquals(Optional.of("amx_bf16"), NativeBf16.fromCpuinfo(SAPPHIRE_RAPIDS));
        assertEquals(Optional.of("bf16"), NativeBf16.fromCpuinfo(GRAVITON3));
        assertEquals(Optional.empty(), NativeBf16.fromCpuinfo(""));
        // a flag that only contains the name is not it
        assertEquals(Optional.empty(), NativeBf16.fromCpuinfo("flags\t: avx512_bf16x notbf16\n"));
    }

    @Test
    void autoIsBf16OnlyWhereTheCpuHasIt() {
        assertEquals(Precision.FP32, Precision.resolve("auto", Optional.empty()));
        assertEquals(Precision.BF16, Precision.resolve("AUTO", Optional.of("amx_bf16")));
        assertEquals(Precision.BF16, Precision.resolve("bf16", Optional.empty()), "an explicit bf16 is kept");
        assertEquals(Precision.FP32, Precision.resolve("fp32", Optional.of("amx_bf16")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.resolve("fp16", Optional.empty()));
        assertEquals("--precision must be fp32, bf16 or auto, got fp16", e.getMessage());
    }

    @Test
    void saysWhatAutoChoseAndWarnsOfEmulatedBf16() {
        assertEquals(Optional.of("precision auto: bf16 (this CPU has avx512_bf16)"), Precision.note("auto", Optional.of("avx512_bf16")));
        assertTrue(Precision.note("auto", Optional.empty()).orElseThrow().startsWith("precision auto: fp32 (this CPU has no bf16"));
        assertTrue(Precision.note("bf16", Optional.empty()).orElseThrow().startsWith("warning: --precision bf16 on a CPU without bf16"));
        assertEquals(Optional.empty(), Precision.note("bf16", Optional.of("amx_bf16")));
        assertEquals(Optional.empty(), Precision.note("fp32", Optional.empty()));
    }
}
