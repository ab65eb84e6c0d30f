package io.mixkit.cli;

import io.mixkit.train.NativeBf16;
import io.mixkit.train.Precision;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** {@code --precision}: the number format of the encoder's matrix products. */
final class PrecisionOption {

    @Option(names = "--precision", defaultValue = "fp32", description = "fp32; bf16: the encoder's matrix products in bfloat16 "
            + "(fp32 weights, optimiser, softmax, LayerNorm and loss), a training step 0.75-0.9x the fp32 time on a CPU with AVX-512 BF16 "
            + "and 20-30x on one without, where it is emulated; or auto: bf16 where the CPU has bf16 instructions, fp32 elsewhere "
            + "(default: ${DEFAULT-VALUE}).")
    String precision;

    /** @return the precision to run, auto resolved for this CPU; checked */
    Precision get() {
        return Precision.resolve(precision, NativeBf16.unit());
    }

    /** @param err where to say what auto chose, or that an explicit bf16 will be emulated */
    void explain(PrintWriter err) {
        Precision.note(precision, NativeBf16.unit()).ifPresent(err::println);
    }
}
