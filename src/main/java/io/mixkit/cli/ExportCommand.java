package io.mixkit.cli;

import io.mixkit.image.ImageCheckpoint;
import io.mixkit.image.ImageOnnxExport;
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
        description = {"Export a trained classifier for serving as DIR/model.onnx with labels.json and export.json.",
                "Text: logits and probabilities from input_ids, attention_mask, token_type_ids (dynamic batch and sequence",
                "axes), with the tokenizer and a model card README.md. Images: from pixels in [0, 1], normalisation inside."})
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
            ImageCheckpoint.info(checkpoint); // checked before the weights load
            OptionChecks.writableDir("--out", out);
            try (ImageCheckpoint.Loaded c = ImageCheckpoint.load(checkpoint)) {
                Path onnx = ImageOnnxExport.write(c, out);
                spec.commandLine().getOut().printf("wrote %s (%d classes, %d-channel %dx%d pixels in [0, 1]) with labels.json and export.json%n",
                        onnx, c.classes().size(), c.model().channels(), c.side(), c.side());
            }
            return 0;
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
