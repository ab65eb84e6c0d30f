package io.mixkit.image.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Resolves {@code --data} to a train and a test split:
 * <ul>
 *   <li>{@code fashion-mnist-small} (the default): 2,000 / 1,000 Fashion-MNIST images inside the jar;</li>
 *   <li>{@code fashion-mnist}: the full dataset from {@code datasets/fashion-mnist/} or
 *       {@code $MIXKIT_CACHE/datasets/fashion-mnist/} (fetched by {@code datasets/fetch-fashion-mnist.sh});</li>
 *   <li>a folder holding {@code train-images-idx3-ubyte[.gz]} and friends (IDX), or</li>
 *   <li>a folder with {@code train/} and {@code test/} image folders, one sub-folder per class.</li>
 * </ul>
 * Images smaller than {@code side} are zero-padded to {@code side x side} (28 to 32 for Fashion-MNIST);
 * larger ones are kept as they are.
 */
public final class ImageDatasets {

    /** The embedded dataset's name. */
    public static final String EMBEDDED = "fashion-mnist-small";

    private ImageDatasets() {}

    /**
     * A train and a test split.
     *
     * @param train training images
     * @param test test images
     * @param name what {@code --data} named
     */
    public record Splits(ImageDataset train, ImageDataset test, String name) {}

    /**
     * @param data the {@code --data} value (null for the embedded set)
     * @param side pad images up to this side (0: keep their size)
     * @return the two splits
     * @throws IOException naming what is missing or malformed
     */
    public static Splits load(String data, int side) throws IOException {
        String name = data == null ? EMBEDDED : data;
        Splits s;
        if (name.equals(EMBEDDED)) {
            Path dir = Files.createTempDirectory("mixkit-fmnist");
            try {
                for (String f : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
                    try (InputStream in = ImageDatasets.class.getResourceAsStream("/mixkit/datasets/" + EMBEDDED + "/" + f)) {
                        if (in == null) {
                            throw new IOException("the embedded dataset is missing " + f + " (a broken build)");
                        }
                        Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                s = idx(dir, name);
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(dir);
            }
        } else if (name.equals("fashion-mnist")) {
            Path local = Path.of("datasets", "fashion-mnist");
            Path cache = Path.of(System.getenv().getOrDefault("MIXKIT_CACHE",
                    System.getProperty("user.home") + "/.cache/mixkit"), "datasets", "fashion-mnist");
            Path dir = findIdx(local) != null ? local : findIdx(cache) != null ? cache : null;
            if (dir == null) {
                throw new IOException("Fashion-MNIST not found in " + local.toAbsolutePath() + " or " + cache
                        + "; fetch it with datasets/fetch-fashion-mnist.sh (or pass --data DIR)");
            }
            s = idx(dir, name);
        } else {
            Path dir = Path.of(name);
            if (!Files.isDirectory(dir)) {
                throw new IOException(name + ": no such folder (expected fashion-mnist, " + EMBEDDED
                        + ", a folder of IDX files, or a folder with train/ and test/ image folders)");
            }
            if (findIdx(dir) != null) {
                s = idx(dir, name);
            } else if (Files.isDirectory(dir.resolve("train")) && Files.isDirectory(dir.resolve("test"))) {
                ImageDataset train = ImageFolderReader.read(dir.resolve("train"));
                ImageDataset test = ImageFolderReader.read(dir.resolve("test"), train.classNames());
                if (test.channels() != train.channels() || test.height() != train.height() || test.width() != train.width()) {
                    throw new IOException(dir.resolve("test") + ": " + test.channels() + "-channel " + test.width() + "x"
                            + test.height() + " images, but the training images are " + train.channels() + "-channel "
                            + train.width() + "x" + train.height());
                }
                s = new Splits(train, test, name);
            } else {
                throw new IOException(dir + ": neither IDX files (train-images-idx3-ubyte[.gz], ...) nor train/ and test/ image folders");
            }
        }
        if (side > 0 && s.train().height() <= side && s.train().width() <= side) {
            s = new Splits(s.train().padTo(side), s.test().padTo(side), s.name());
        }
        return s;
    }

    private static String findIdx(Path dir) {
        for (String ext : new String[] {".gz", ""}) {
            if (Files.isRegularFile(dir.resolve("train-images-idx3-ubyte" + ext))) {
                return ext;
            }
        }
        return null;
    }

    private static Splits idx(Path dir, String name) throws IOException {
        String ext = findIdx(dir);
        List<String> classes = IdxReader.FASHION_MNIST_CLASSES;
        ImageDataset train = IdxReader.read(dir.resolve("train-images-idx3-ubyte" + ext), dir.resolve("train-labels-idx1-ubyte" + ext), classes);
        ImageDataset test = IdxReader.read(dir.resolve("t10k-images-idx3-ubyte" + ext), dir.resolve("t10k-labels-idx1-ubyte" + ext), classes);
        return new Splits(train, test, name);
    }
}
