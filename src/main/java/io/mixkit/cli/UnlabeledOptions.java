package io.mixkit.cli;

import io.mixkit.run.UnlabeledData;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where a semi-supervised method's unlabeled texts come from, and their views. */
final class UnlabeledOptions {

    @Option(names = "--unlabeled", description = "Unlabeled texts (.txt one per line, or .jsonl with \"text\" and optional \"augmentations\"); "
            + "default with --labels-per-class: the rest of the training split without its labels.")
    Path unlabeled;

    @Option(names = "--unlabeled-per-class", description = "MixText protocol: unlabeled pool size per class taken from the training split (default: 5000).")
    Integer unlabeledPerClass;

    @Option(names = "--augment", description = "eda, tfidf, mlm, or a paraphrase .jsonl file {\"text\", \"augmentations\"} (default: eda).")
    String augment;

    @Option(names = "--augment-model", description = "Model with an MLM head for --augment mlm (default: bert-base-uncased).")
    String augmentModel;

    @Option(names = "--k", description = "Views per unlabeled text for label guessing (default: 2).")
    Integer k;

    /** @return the options given, over {@link UnlabeledData#defaults()} */
    UnlabeledData data() {
        UnlabeledData d = UnlabeledData.defaults();
        return new UnlabeledData(unlabeled, unlabeledPerClass != null ? unlabeledPerClass : d.unlabeledPerClass(),
                augment != null ? augment : d.augment(), augmentModel != null ? augmentModel : d.augmentModel(),
                k != null ? k : d.k());
    }
}
