package io.mixkit.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;

/** The options {@code train text} and {@code train image} share: the method, the preset, the loop, the output. */
final class LoopOptions {

    @Option(names = "--method", description = "The method (default: the preset's; `mixkit methods` lists them with their options).")
    String method;

    @Option(names = {"-O", "--method-option"}, paramLabel = "KEY=VALUE",
            description = "Set any option of the method, e.g. -O window=0.2 or -O mix_layers=[4,6] (JSON values; `mixkit methods` lists the keys).")
    Map<String, String> methodOptions;

    @Option(names = "--preset", description = "A built-in preset or a .json file (default: default for text, image for images).")
    String preset;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for data sampling, initialisation, dropout and mixing (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--resume", description = "Continue the run saved in --out from its last checkpoint.")
    boolean resume;

    @Option(names = "--baseline", description = "Also train this method (e.g. erm) with the same settings into DIR/BASELINE and print both results.")
    String baseline;

    @Option(names = "--epochs", description = "Passes over the training data (default: the preset's; text: else at least 300 updates for the data, printed as `schedule:`).")
    Integer epochs;

    @Option(names = "--batch-size", description = "Examples per step (default: the preset's; text: else 16, or 8 below 128 training examples).")
    Integer batchSize;

    @Option(names = "--eval-every", description = "Validate every N steps (0 = every epoch; default: every epoch, text: at most 15 times a run).")
    Integer evalEvery;

    @Option(names = "--patience", description = "Stop after N validations without improvement (0 = never; default: the preset's; text: else after a third of a run longer than 3 epochs).")
    Integer patience;

    @Option(names = "--checkpoint-every", description = "Also save resumable state every N steps (default 0: at evaluations and epoch ends).")
    Integer checkpointEvery;

    @Option(names = "--max-steps", description = "Stop after N steps in total (default 0: no limit).")
    Long maxSteps;

    @Option(names = "--on-non-finite", defaultValue = "stop", description = "A step whose loss or gradient is NaN or inf is never applied: stop the run (resumable from its last checkpoint) or skip the step and count it in report.json (default: ${DEFAULT-VALUE}).")
    String onNonFinite;
}
