package io.mixkit.cli;

import picocli.CommandLine.Command;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code mixkit train text|image}. {@code train} without a task trains text, and {@code --task text|image}
 * still chooses the subcommand ({@link #route}), so the commands of earlier releases keep working.
 */
@Command(name = "train", mixinStandardHelpOptions = true, subcommands = {TrainTextCommand.class, TrainImageCommand.class},
        description = {"Train a classifier with a mixup method: `train text` (the default) or `train image`.",
                "`mixkit train text --help` and `mixkit train image --help` list their options."})
final class TrainCommand {

    static final List<String> TASKS = List.of("text", "image");

    /**
     * Rewrites {@code train [--task T] ARGS} to {@code train T ARGS} (T defaults to text); other command lines
     * are returned as they are.
     *
     * @param args the command line
     * @return the command line for picocli
     */
    static String[] route(String[] args) {
        if (args.length == 0 || !args[0].equals("train")) {
            return args;
        }
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        if (!rest.isEmpty() && TASKS.contains(rest.get(0))) {
            return args;
        }
        if (rest.size() == 1 && List.of("-h", "--help", "-V", "--version").contains(rest.get(0))) {
            return args;
        }
        String task = "text";
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            if (a.equals("--")) {
                break;
            }
            if (a.equals("--task") && i + 1 == rest.size()) {
                throw new IllegalArgumentException("--task needs a value: text or image");
            }
            if (a.equals("--task")) {
                task = rest.remove(i + 1);
                rest.remove(i);
                break;
            }
            if (a.startsWith("--task=")) {
                task = a.substring("--task=".length());
                rest.remove(i);
                break;
            }
        }
        if (!TASKS.contains(task)) {
            throw new IllegalArgumentException("--task " + task + " is not a task; expected text or image");
        }
        List<String> out = new ArrayList<>();
        out.add("train");
        out.add(task);
        out.addAll(rest);
        return out.toArray(String[]::new);
    }
}
