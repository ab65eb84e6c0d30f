package io.mixkit.cli;

import io.mixkit.text.ModelCatalogue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.util.concurrent.Callable;

/** {@code mixkit models}: the catalogue of pretrained encoders. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the pretrained encoders MixKit can load by name (fetched through Maven on first use).")
final class ModelsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.printf("%-20s %6s  %-12s %s%n", "NAME", "MB", "LICENCE", "DESCRIPTION");
        for (ModelCatalogue.Entry e : ModelCatalogue.all()) {
            out.printf("%-20s %6d  %-12s %s%n", e.name(), e.sizeMb(), e.licence(), e.description());
        }
        out.flush();
        return 0;
    }
}
