package io.mixkit.cli;

import picocli.CommandLine.Option;

/**
 * Flags for text methods' options; each is the option key with dashes ({@code --mix-layers} sets
 * {@code mix_layers}) and applies to the methods that have it. Defaults come from the methods.
 */
final class TextMethodFlags {

    @Option(names = "--alpha", description = "Beta(alpha, alpha) concentration of the mixing weight (default: ${DEFAULT-VALUE}).")
    Double alpha;

    @Option(names = "--fold", negatable = true, fallbackValue = "true", description = "Use max(l, 1-l) (the MixText fold; default: ${DEFAULT-VALUE}).")
    Boolean fold;

    @Option(names = "--mix-layers", split = ",", description = "TMix and MixText layers to draw from, e.g. 7,9,12 (default: the paper's set scaled to the model).")
    int[] mixLayers;

    @Option(names = "--temperature", description = "MixText sharpening temperature T (default: ${DEFAULT-VALUE}).")
    Float temperature;

    @Option(names = "--lambda-u", description = "MixText: final weight of the unlabeled KL term, reached by a linear ramp over the run (default: ${DEFAULT-VALUE}).")
    Double lambdaU;

    @Option(names = "--unlabeled-batch-size", description = "MixText: unlabeled texts per step (default: ${DEFAULT-VALUE}).")
    Integer unlabeledBatchSize;

    @Option(names = "--guess-dropout", negatable = true, fallbackValue = "true",
            description = "MixText: keep dropout on while guessing labels, as the reference does (default: ${DEFAULT-VALUE}).")
    Boolean guessDropout;

    @Option(names = "--entropy-weight", description = "MixText: weight of the entropy hinge on unlabeled predictions (default: ${DEFAULT-VALUE}: off, as the reference).")
    Double entropyWeight;

    @Option(names = "--entropy-margin", description = "MixText: margin of the entropy hinge (default: ${DEFAULT-VALUE}).")
    Double entropyMargin;

    @Option(names = "--confidence-threshold", description = "MixText: UDA confidence masking; unlabeled rows whose guess is below this leave the loss (default: ${DEFAULT-VALUE}: off).")
    Double confidenceThreshold;

    @Option(names = "--guess-refresh", description = "MixText: when the --unlabeled JSONL carries precomputed guesses (mixkit spark guess), use them for this many updates, then guess online (default: ${DEFAULT-VALUE}: the whole run).")
    Integer guessRefresh;

    @Option(names = "--distribution-alignment", negatable = true, fallbackValue = "true",
            description = "MixText: align the guessed labels' running class mean with the uniform distribution before sharpening (ReMixMatch; default: ${DEFAULT-VALUE}).")
    Boolean distributionAlignment;

    @Option(names = "--alignment-momentum", description = "MixText: momentum of the guesses' running class mean for --distribution-alignment (default: ${DEFAULT-VALUE}).")
    Double alignmentMomentum;

    @Option(names = "--tsa", description = "MixText: training-signal annealing on labeled rows: none, linear, log, exp (default: ${DEFAULT-VALUE}).")
    String tsa;
}
