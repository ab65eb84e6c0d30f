package io.mixkit.text.data;

import io.mixkit.text.ModelFetcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The small dataset that comes with the build ({@code datasets/default}: 3,000 UCI sentiment
 * sentences from Amazon, IMDB and Yelp reviews, split 2,000 / 400 / 600), so that {@code mixkit train}
 * runs with no data arguments. Read from the jar and copied once into the cache.
 */
public final class EmbeddedDatasets {

    private EmbeddedDatasets() {}

    /**
     * @param split train, valid or test
     * @return a local CSV file with columns text,label
     * @throws IOException if the resource is missing from the build
     */
    public static Path defaultSplit(String split) throws IOException {
        String resource = "/mixkit/datasets/default/" + split + ".csv";
        Path dir = Files.createDirectories(ModelFetcher.cacheRoot().resolve("datasets").resolve("default"));
        Path file = dir.resolve(split + ".csv");
        try (InputStream in = EmbeddedDatasets.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("the embedded dataset " + resource + " is missing from the build");
            }
            byte[] bytes = in.readAllBytes();
            if (!Files.isRegularFile(file) || !java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
                Path tmp = dir.resolve(split + ".csv.tmp");
                Files.write(tmp, bytes);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        return file;
    }
}
