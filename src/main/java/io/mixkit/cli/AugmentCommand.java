package io.mixkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixkit.text.ModelFetcher;
import io.mixkit.run.ProgressBar;
import io.mixkit.text.augment.AugmentationCache;
import io.mixkit.text.augment.Augmenter;
import io.mixkit.text.augment.Augmenters;
import io.mixkit.text.unlabeled.FilePool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code mixkit augment}: precompute K views per text, the paraphrase format train reads. */
@Command(name = "augment", mixinStandardHelpOptions = true,
        description = {"Precompute K augmented views per text (EDA, TF-IDF, masked LM).",
                "EDA uses WordNet synonyms; tfidf is UDA's TF-IDF word replacement; mlm resamples 15% of the word",
                "pieces with a masked LM. Writes {\"text\", \"augmentations\": [...]} per line; views are seeded per",
                "text and cached by content hash, so reruns are instant and identical."})
final class AugmentCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--method", required = true, description = "eda, tfidf or mlm.")
    String method;

    @Option(names = "--k", defaultValue = "2", description = "Views per text (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--in", required = true, description = "Texts: .txt (one per line) or .jsonl (field --text-column).")
    Path in;

    @Option(names = "--out", required = true, description = "Output .jsonl.")
    Path out;

    @Option(names = "--text-column", defaultValue = "text", description = "JSON key of the text (default: ${DEFAULT-VALUE}).")
    String textColumn;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--model", defaultValue = "bert-base-uncased", description = "Model with an MLM head for mlm (default: ${DEFAULT-VALUE}).")
    String model;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        OptionChecks.oneOf("--method", method, Augmenters.NAMES);
        OptionChecks.atLeast("--k", k, 1);
        OptionChecks.existingFile("--in", in);
        OptionChecks.writableFile("--out", out);
        if (method.equals("mlm")) {
            OptionChecks.model("--model", model);
        }
        if (out.toAbsolutePath().getParent() != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
        }
        try (FilePool pool = FilePool.open(in, textColumn)) {
            try (Augmenters.Created created = Augmenters.create(method, pool, model, Augmenters.AUGMENT_MAX_LENGTH)) {
                Augmenter a = created.augmenter();
                long t0 = System.nanoTime();
                try (AugmentationCache cache = new AugmentationCache(ModelFetcher.cacheRoot().resolve("augment"), a, k, seed);
                     BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                    int n = pool.size();
                    int lastPct = -1;
                    for (int i = 0; i < n; i++) {
                        String text = pool.text(i);
                        ObjectNode o = JSON.createObjectNode();
                        o.put("text", text);
                        var arr = o.putArray("augmentations");
                        cache.views(text).forEach(arr::add);
                        w.write(JSON.writeValueAsString(o));
                        w.write('\n');
                        int pct = (int) (100L * (i + 1) / n);
                        if (pct / 5 != lastPct / 5 || i == n - 1) {
                            lastPct = pct;
                            double s = (System.nanoTime() - t0) / 1e9;
                            err.printf("augment %s: %d/%d texts (%d%%), %.1f texts/s, ETA %s%n", method, i + 1, n, pct,
                                    (i + 1) / s, ProgressBar.duration(s / (i + 1) * (n - i - 1)));
                            err.flush();
                        }
                    }
                    err.printf("augment %s: wrote %s (%d computed, %d from the cache %s)%n", method, out,
                            cache.computed(), n - cache.computed(), cache.file());
                }
            }
        }
        return 0;
    }
}
