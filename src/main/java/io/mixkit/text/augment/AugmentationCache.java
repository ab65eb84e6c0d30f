package io.mixkit.text.augment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixkit.mix.Seeds;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * K views per text, computed once and kept on disk by content hash: one JSON Lines file per
 * (augmenter settings, K, seed), {@code {"h": sha256(text), "views": [...]}} per text, reused across
 * runs. Each text's views come from its own random source, seeded by (seed, hash), so they do not
 * depend on the order texts are met in.
 */
public final class AugmentationCache implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Augmenter augmenter;
    private final int k;
    private final long seed;
    private final Path file;
    private final Map<String, List<String>> views = new HashMap<>();
    private BufferedWriter out;
    private int computed;

    /**
     * @param dir cache folder
     * @param augmenter the method
     * @param k views per text
     * @param seed seed
     * @throws IOException if the cache cannot be read
     */
    public AugmentationCache(Path dir, Augmenter augmenter, int k, long seed) throws IOException {
        if (k < 1) {
            throw new IllegalArgumentException("K must be at least 1, got " + k);
        }
        this.augmenter = augmenter;
        this.k = k;
        this.seed = seed;
        Files.createDirectories(dir);
        this.file = dir.resolve(augmenter.id().replaceAll("[^A-Za-z0-9._-]", "_") + "-k" + k + "-s" + seed + ".jsonl");
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                try {
                    JsonNode n = JSON.readTree(line);
                    List<String> v = new ArrayList<>();
                    n.path("views").forEach(x -> v.add(x.asText()));
                    if (v.size() == k) {
                        views.put(n.path("h").asText(), v);
                    }
                } catch (IOException e) {
                    // a line cut short by a killed run: recomputed on demand
                }
            }
        }
    }

    /**
     * A text's K views as the cache computes them: from a random source seeded by (seed, sha256(text)), so
     * any process (a Spark executor too) gets the same views for the same text.
     *
     * @param augmenter the augmenter
     * @param text the original
     * @param k views
     * @param seed the run's seed
     * @return the views
     */
    public static List<String> compute(Augmenter augmenter, String text, int k, long seed) {
        String h = hash(text);
        long s = seed * 0x9E3779B97F4A7C15L ^ ByteBuffer.wrap(HexFormat.of().parseHex(h.substring(0, 16))).getLong();
        List<String> v = List.copyOf(augmenter.augment(text, k, Seeds.random(s)));
        if (v.size() != k) {
            throw new IllegalStateException(augmenter.id() + " returned " + v.size() + " views, expected " + k);
        }
        return v;
    }

    /**
     * @param text the original
     * @return its K views, from the cache or computed and stored
     */
    public List<String> views(String text) {
        String h = hash(text);
        List<String> v = views.get(h);
        if (v != null) {
            return v;
        }
        v = compute(augmenter, text, k, seed);
        views.put(h, v);
        computed++;
        try {
            if (out == null) {
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            ObjectNode n = JSON.createObjectNode();
            n.put("h", h);
            var arr = n.putArray("views");
            v.forEach(arr::add);
            out.write(JSON.writeValueAsString(n));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the augmentation cache", e);
        }
        return v;
    }

    /** @return views computed (not found in the cache) so far */
    public int computed() {
        return computed;
    }

    /** @return the cache file */
    public Path file() {
        return file;
    }

    static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
