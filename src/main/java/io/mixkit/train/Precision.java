package io.mixkit.train;

import java.util.Locale;
import java.util.Optional;

/**
 * The number format of a model's matrix products: fp32, or bf16 with fp32 everything else ({@link Bf16Compute}).
 * A setting may also say {@code auto}: bf16 where the CPU multiplies it in hardware ({@link NativeBf16}), fp32
 * elsewhere, since emulated bf16 is many times slower than fp32.
 */
public enum Precision {
    /** Everything in fp32. */
    FP32,
    /** Matrix products (linear layers, attention) in bfloat16, fp32 in and out; weights and the rest fp32. */
    BF16;

    /**
     * @param name fp32 or bf16
     * @return the precision
     * @throws IllegalArgumentException for any other name (auto included: see {@link #resolve})
     */
    public static Precision parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "fp32", "float32" -> FP32;
            case "bf16", "bfloat16" -> BF16;
            default -> throw new IllegalArgumentException("--precision must be fp32, bf16 or auto, got " + name);
        };
    }

    /**
     * @param name fp32, bf16 or auto
     * @param bf16Unit the CPU's bf16 instruction set ({@link NativeBf16#unit()}), empty if it has none
     * @return the precision to run: auto is bf16 when there is a unit, fp32 otherwise
     */
    public static Precision resolve(String name, Optional<String> bf16Unit) {
        if (name.equalsIgnoreCase("auto")) {
            return bf16Unit.isPresent() ? BF16 : FP32;
        }
        return parse(name);
    }

    /** @return bf16 if this CPU has bf16 instructions ({@link NativeBf16}), fp32 otherwise: {@code --precision auto} */
    public static Precision auto() {
        return resolve("auto", NativeBf16.unit());
    }

    /**
     * What a user should be told about the choice: which precision auto chose and why, or that an explicit bf16
     * will be emulated.
     *
     * @param name fp32, bf16 or auto
     * @param bf16Unit as for {@link #resolve}
     * @return a one-line note, or empty when there is nothing to say (fp32, or bf16 on a CPU that has it)
     */
    public static Optional<String> note(String name, Optional<String> bf16Unit) {
        Precision p = resolve(name, bf16Unit);
        if (name.equalsIgnoreCase("auto")) {
            return Optional.of(p == BF16 ? "precision auto: bf16 (this CPU has " + bf16Unit.get() + ")"
                    : "precision auto: fp32 (this CPU has no bf16 instructions: no amx_bf16, avx512_bf16 or bf16 in /proc/cpuinfo)");
        }
        if (p == BF16 && bf16Unit.isEmpty()) {
            return Optional.of("warning: --precision bf16 on a CPU without bf16 instructions (no amx_bf16, avx512_bf16 or bf16 in "
                    + "/proc/cpuinfo): libtorch emulates it, 20-30 times slower than fp32 where measured; use --precision fp32 or auto");
        }
        return Optional.empty();
    }
}
