package io.mixkit.train;

import java.util.Locale;

/** The number format of a model's matrix products: fp32, or bf16 with fp32 everything else ({@link Bf16Compute}). */
public enum Precision {
    /** Everything in fp32. */
    FP32,
    /** Matrix products (linear layers, attention) in bfloat16, fp32 in and out; weights and the rest fp32. */
    BF16;

    /**
     * @param name fp32 or bf16
     * @return the precision
     */
    public static Precision parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "fp32", "float32" -> FP32;
            case "bf16", "bfloat16" -> BF16;
            default -> throw new IllegalArgumentException("--precision must be fp32 or bf16, got " + name);
        };
    }
}
