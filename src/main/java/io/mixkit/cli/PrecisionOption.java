package io.mixkit.cli;

import io.mixkit.train.Precision;
import picocli.CommandLine.Option;

/** {@code --precision}: the number format of the encoder's matrix products. */
final class PrecisionOption {

    @Option(names = "--precision", defaultValue = "fp32", description = "fp32, or bf16: the encoder's matrix products in bfloat16 "
            + "(fp32 weights, optimiser, softmax, LayerNorm and loss); a training step took half the fp32 time on a CPU with AVX-512 BF16 (default: ${DEFAULT-VALUE}).")
    String precision;

    /** @return the precision, checked */
    Precision get() {
        return Precision.parse(precision);
    }
}
