package io.mixkit.cli;

import picocli.CommandLine.Option;

/** Options every command shares. */
final class CommonOptions {

    @Option(names = "--verbose", description = "Print stack traces with errors.")
    boolean verbose;
}
