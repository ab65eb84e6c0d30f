package io.mixkit.cli;

import picocli.CommandLine.Option;

/** Options every command shares. */
final class CommonOptions {

    @Option(names = "--verbose", description = "Print stack traces with errors, and which weight-file tensors the model did not use.")
    boolean verbose;

    /** With --verbose: names the tensors of the weight file that no parameter took (a pooler, an NSP head). */
    void reportUnusedTensors(io.mixkit.text.TextModel model, java.io.PrintWriter err) {
        var unexpected = model.loadReport().unexpected();
        if (verbose && !unexpected.isEmpty()) {
            err.println("mixkit: " + unexpected.size() + " tensors in " + model.source() + " are not used: "
                    + String.join(", ", unexpected));
            err.flush();
        }
    }
}
