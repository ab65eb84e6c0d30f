package io.mixkit.cli;

import io.mixkit.MixKitRuntime;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code mixkit} command line: {@code java -jar target/mixkit.jar <command> --help}.
 *
 * <p>Every failure is one line on stderr, {@code mixkit: error: <what, naming the file, line or
 * tensor>}, with exit code 1 (2 for a usage error); {@code --verbose} adds the stack trace.
 */
@Command(name = "mixkit", mixinStandardHelpOptions = true, version = "MixKit 0.1.0",
        description = "Mixup-based training of text and image classifiers (DJL, PyTorch engine).",
        subcommands = {TrainCommand.class, MethodsCommand.class, EvaluateCommand.class, PredictCommand.class, EmbedCommand.class,
                FillMaskCommand.class, AugmentCommand.class, ModelsCommand.class, DatasetCommand.class,
                VisualizeCommand.class, VisualizeTextCommand.class, ExportCommand.class, SparkCommand.class})
public final class MixKitCli {

    /**
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs a command line and returns its exit code (for tests and embedding).
     *
     * @param args arguments
     * @param out standard output
     * @param err standard error
     * @return the exit code
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        try {
            MixKitRuntime.init();
        } catch (IllegalArgumentException e) {
            err.println("mixkit: error: " + e.getMessage());
            err.flush();
            return 2;
        }
        CommandLine cli = new CommandLine(new MixKitCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            boolean verbose = verbose(parseResult);
            String hint = e instanceof io.mixkit.train.NonFiniteStepException nf && nf.lastSavedStep() > 0
                    ? "; continue from there with --resume (add --on-non-finite skip to drop such steps)"
                    : e instanceof io.mixkit.train.NonFiniteStepException ? "; --on-non-finite skip drops such steps" : "";
            commandLine.getErr().println("mixkit: error: " + oneLine(e) + hint);
            if (verbose) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return 1;
        });
        cli.setParameterExceptionHandler(MixKitCli::usageError);
        String[] routed;
        try {
            routed = TrainCommand.route(args);
        } catch (IllegalArgumentException e) {
            err.println("mixkit: error: " + e.getMessage());
            err.flush();
            return 1;
        }
        return cli.execute(routed);
    }

    /**
     * A usage error: one line, naming the option; an option of the other training task says which task has it.
     */
    private static int usageError(CommandLine.ParameterException ex, String[] args) {
        CommandLine c = ex.getCommandLine();
        String msg = ex.getMessage();
        CommandLine parent = c.getParent();
        if (ex instanceof CommandLine.UnmatchedArgumentException u && parent != null
                && parent.getCommandName().equals("train")) {
            String other = c.getCommandName().equals("text") ? "image" : "text";
            CommandLine sibling = parent.getSubcommands().get(other);
            for (String arg : u.getUnmatched()) {
                String name = arg.split("=", 2)[0];
                if (name.startsWith("-") && sibling != null && sibling.getCommandSpec().findOption(name) != null) {
                    c.getErr().println("mixkit: error: " + name + " is not an option of train " + c.getCommandName()
                            + " (it is one of train " + other + ")");
                    c.getErr().flush();
                    return 1; // bad input like any other, not a typo
                }
            }
        }
        c.getErr().println("mixkit: error: " + msg + " (see: mixkit " + c.getCommandSpec().qualifiedName(" ")
                .replaceFirst("^mixkit ", "") + " --help)");
        c.getErr().flush();
        return 2;
    }

    /** @return whether --verbose was given to the command that ran (train text is two levels down) */
    private static boolean verbose(CommandLine.ParseResult p) {
        for (CommandLine.ParseResult r = p; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** The message of an exception and its causes, on one line, without Java class names where a message exists. */
    static String oneLine(Throwable e) {
        String msg = e.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = e.getClass().getSimpleName();
        }
        return msg.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
