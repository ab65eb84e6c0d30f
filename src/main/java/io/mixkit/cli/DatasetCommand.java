package io.mixkit.cli;

import io.mixkit.text.data.DatasetImport;
import io.mixkit.text.data.TextDataWriter;
import io.mixkit.text.data.TextExamples;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code mixkit dataset}: converts a raw dataset package into labeled split files. */
@Command(name = "dataset", mixinStandardHelpOptions = true,
        description = {"Convert a raw dataset package (fetched by datasets/fetch.sh) into train/test files.",
                "Datasets: imdb, r8, r52, uci-sentiment. Every dropped record is counted."})
final class DatasetCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "imdb, r8, r52 or uci-sentiment")
    String name;

    @Option(names = "--raw", required = true, description = "The unpacked npm package folder (the one holding package.json).")
    Path raw;

    @Option(names = "--out", required = true, description = "Folder for train/valid/test files.")
    Path out;

    @Option(names = "--format", defaultValue = "jsonl", description = "jsonl or csv (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the stratified splits (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("jsonl") && !format.equals("csv")) {
            throw new IllegalArgumentException("--format must be jsonl or csv, got " + format);
        }
        if (!java.util.List.of("imdb", "r8", "r52", "uci-sentiment").contains(name)) {
            throw new IllegalArgumentException("unknown dataset '" + name + "'; expected imdb, r8, r52 or uci-sentiment");
        }
        OptionChecks.existingDir("--raw", raw);
        OptionChecks.writableDir("--out", out);
        DatasetImport.Result r = DatasetImport.run(name, raw, seed);
        var o = spec.commandLine().getOut();
        for (Map.Entry<String, TextExamples> e : r.splits().entrySet()) {
            Path f = out.resolve(e.getKey() + "." + format);
            TextDataWriter.write(f, e.getValue());
            Map<String, Integer> counts = new TreeMap<>();
            e.getValue().labels().forEach(l -> counts.merge(l, 1, Integer::sum));
            o.println(f + ": " + e.getValue().size() + " examples, " + counts.size() + " classes " + counts);
        }
        r.notes().forEach(n -> o.println("note: " + n));
        o.flush();
        return 0;
    }
}
