package io.mixkit.cli;

import io.mixkit.train.Precision;
import picocli.CommandLine.Option;

/** {@code --precision}: the number format of the encoder's matrix products. */
final class PrecisionOption {

    @Option(names = "--precision", defaultValue = "fp32", description = "fp32, or bf16: the encoder's matrix products in bfloat16 "
            + "(fp32 weights, optimiser, softmax, LayerNorm and loss), about 1.8x faster on CPUs with AVX-512 BF16 or AMX (default: ${DEFAULT-VALUE}).")
    String precision;

    /** @return the precision, checked */
    Precision get() {
        return Precision.parse(precision);
    }
}
