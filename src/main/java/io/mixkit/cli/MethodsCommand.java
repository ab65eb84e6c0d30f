package io.mixkit.cli;

import io.mixkit.image.strategy.DrawsMixes;
import io.mixkit.image.strategy.ImageMethods;
import io.mixkit.text.strategy.TextMethods;
import io.mixkit.train.MethodOptions;
import io.mixkit.train.MethodRegistry;
import io.mixkit.train.MethodSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code mixkit methods}: every registered method with its paper, formula and options with their defaults. */
@Command(name = "methods", mixinStandardHelpOptions = true,
        description = {"List the training methods of train text and train image: paper, what they mix, and each",
                "option with its default (set them with a flag, -O KEY=VALUE, or a preset's \"mix\"/\"methods\" sections)."})
final class MethodsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        list(o, "train text", TextMethods.REGISTRY);
        o.println();
        list(o, "train image", ImageMethods.REGISTRY);
        o.flush();
        return 0;
    }

    private static void list(PrintWriter o, String command, MethodRegistry<?, ?> registry) {
        o.println(command + ":");
        for (MethodSpec<?, ?, ?> s : registry.all()) {
            String tags = (s.semiSupervised() ? " [unlabeled texts]" : "")
                    + (DrawsMixes.class.isAssignableFrom(s.strategyType()) ? " [visualize]" : "");
            o.printf("  %-12s %s%s%n", s.name(), s.paper(), tags);
            o.printf("  %-12s %s%n", "", s.formula());
            var json = MethodOptions.toJson(s.defaults());
            if (json.size() > 0) {
                o.printf("  %-12s options: %s%n", "", json);
            }
        }
    }
}
