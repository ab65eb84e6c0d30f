package io.mixkit.cli;

import io.mixkit.image.ImageCheckpoint;
import io.mixkit.text.TextCheckpoint;
import io.mixkit.text.TextOnnxExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code mixkit export}: a trained checkpoint as a file another runtime serves. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a trained text classifier for serving: DIR/model.onnx (logits and probabilities from",
                "input_ids, attention_mask, token_type_ids; dynamic batch and sequence axes), the tokenizer, labels.json,",
                "export.json and a model card README.md."})
final class ExportCommand implements Callable<Integer> {

    static final List<String> FORMATS = List.of("onnx");

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, description = "A checkpoint folder written by train (DIR/checkpoint).")
    Path checkpoint;

    @Option(names = "--format", defaultValue = "onnx", description = "Output format (default: ${DEFAULT-VALUE}; the only one so far).")
    String format;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Override
    public Integer call() throws Exception {
        OptionChecks.oneOf("--format", format, FORMATS);
        OptionChecks.existingDir("--checkpoint", checkpoint);
        if (ImageCheckpoint.isImageCheckpoint(checkpoint)) {
            throw new IllegalArgumentException("--checkpoint " + checkpoint + ": an image checkpoint; export writes text classifiers so far");
        }
        OptionChecks.textCheckpoint("--checkpoint", checkpoint);
        OptionChecks.writableDir("--out", out);
        try (TextCheckpoint.Loaded c = TextCheckpoint.load(checkpoint)) {
            Path onnx = TextOnnxExport.write(c, checkpoint, out);
            spec.commandLine().getOut().printf("wrote %s (%d classes: %s) with the tokenizer, labels.json, export.json and README.md%n",
                    onnx, c.labels().size(), String.join(", ", c.labels().names()));
        }
        return 0;
    }
}
