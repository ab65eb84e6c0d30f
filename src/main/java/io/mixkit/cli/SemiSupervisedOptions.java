package io.mixkit.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options of semi-supervised training (MixText), grouped so train's help reads in sections. */
final class SemiSupervisedOptions {

    @Option(names = "--unlabeled", description = "Unlabeled texts (.txt one per line, or .jsonl with \"text\" and optional \"augmentations\"); "
            + "default with --labels-per-class: the rest of the training split without its labels.")
    Path unlabeled;

    @Option(names = "--unlabeled-per-class", defaultValue = "5000", description = "MixText protocol: unlabeled pool size per class taken from the training split (default: ${DEFAULT-VALUE}).")
    int unlabeledPerClass;

    @Option(names = "--augment", defaultValue = "eda", description = "eda, tfidf, mlm, or a paraphrase .jsonl file {\"text\", \"augmentations\"} (default: ${DEFAULT-VALUE}).")
    String augment;

    @Option(names = "--augment-model", defaultValue = "bert-base-uncased", description = "Model with an MLM head for --augment mlm (default: ${DEFAULT-VALUE}).")
    String augmentModel;

    @Option(names = "--k", defaultValue = "2", description = "Views per unlabeled text for label guessing (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--temperature", defaultValue = "0.5", description = "Sharpening temperature T (default: ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--lambda-u", defaultValue = "1.0", description = "Final weight of the unlabeled KL term, reached by a linear ramp over the run (default: ${DEFAULT-VALUE}).")
    double lambdaU;

    @Option(names = "--unlabeled-batch-size", defaultValue = "8", description = "Unlabeled texts per step (default: ${DEFAULT-VALUE}).")
    int unlabeledBatch;

    @Option(names = "--guess-dropout", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Keep dropout on while guessing labels, as the reference does (default: ${DEFAULT-VALUE}).")
    boolean guessDropout;

    @Option(names = "--entropy-weight", defaultValue = "0", description = "Weight of the entropy hinge on unlabeled predictions (default 0: off, as the reference).")
    double entropyWeight;

    @Option(names = "--entropy-margin", defaultValue = "0.7", description = "Margin of the entropy hinge (default: ${DEFAULT-VALUE}).")
    double entropyMargin;

    @Option(names = "--confidence-threshold", defaultValue = "0", description = "UDA confidence masking: unlabeled rows whose guess is below this leave the loss (default 0: off).")
    double confidenceThreshold;

    @Option(names = "--tsa", defaultValue = "none", description = "Training-signal annealing on labeled rows: none, linear, log, exp (default: ${DEFAULT-VALUE}).")
    String tsa;
}
