package io.mixkit.cli;

import picocli.CommandLine.Option;

import java.util.Map;

/** {@code visualize}'s method and its {@code -O} options. */
final class VisualizeMethodOptions {

    @Option(names = "--method", defaultValue = "puzzlemix", description = "An image method that can draw itself: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = Drawable.class)
    String name;

    @Option(names = {"-O", "--method-option"}, paramLabel = "KEY=VALUE", description = "Set any option of the method (JSON values).")
    Map<String, String> options;

    /** The drawable methods, from the registry. */
    static final class Drawable implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return VisualizeCommand.drawable().iterator();
        }
    }
}
