package io.mixkit.image.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST (LeCun et al.): a big-endian magic number
 * ({@code 0x00000803} for a 3-D uint8 image array, {@code 0x00000801} for 1-D uint8 labels), the
 * dimension sizes as big-endian int32, then the raw bytes. Files may be gzip-compressed ({@code .gz}).
 */
public final class IdxReader {

    /** Fashion-MNIST's class names, in label order. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress",
            "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private IdxReader() {}

    /**
     * Reads one split.
     *
     * @param images the images file ({@code *-images-idx3-ubyte[.gz]})
     * @param labels the labels file ({@code *-labels-idx1-ubyte[.gz]})
     * @param classNames class names (labels must index into them)
     * @return single-channel images with pixels divided by 255
     * @throws IOException naming the file when it is missing, truncated or not IDX, or when counts disagree
     */
    public static ImageDataset read(Path images, Path labels, List<String> classNames) throws IOException {
        int[] dims = new int[3];
        byte[] pix = readArray(images, 0x00000803, dims);
        int[] ldims = new int[1];
        byte[] lab = readArray(labels, 0x00000801, ldims);
        if (dims[0] != ldims[0]) {
            throw new IOException(images + " holds " + dims[0] + " images but " + labels + " holds " + ldims[0]
                    + " labels; the two files must describe the same examples");
        }
        float[] p = new float[pix.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (pix[i] & 0xff) / 255f;
        }
        int[] y = new int[lab.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = lab[i] & 0xff;
            if (y[i] >= classNames.size()) {
                throw new IOException(labels + ": label " + y[i] + " at example " + i + " is outside 0.." + (classNames.size() - 1));
            }
        }
        return new ImageDataset(p, y, classNames, 1, dims[1], dims[2], images.toString());
    }

    private static byte[] readArray(Path file, int magic, int[] dims) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "IDX file not found");
        }
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             DataInputStream in = new DataInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw)) {
            int m = in.readInt();
            if (m != magic) {
                throw new IOException(file + ": not an IDX " + (magic == 0x803 ? "image" : "label") + " file (magic 0x"
                        + Integer.toHexString(m) + ", expected 0x" + Integer.toHexString(magic) + ")");
            }
            long total = 1;
            for (int i = 0; i < dims.length; i++) {
                dims[i] = in.readInt();
                if (dims[i] <= 0) {
                    throw new IOException(file + ": dimension " + i + " is " + dims[i]);
                }
                total *= dims[i];
            }
            if (total > Integer.MAX_VALUE - 16) {
                throw new IOException(file + ": " + total + " values are too many for one array");
            }
            byte[] data = new byte[(int) total];
            try {
                in.readFully(data);
            } catch (EOFException e) {
                throw new IOException(file + ": truncated; the header promises " + total + " values", e);
            }
            return data;
        } catch (EOFException e) {
            throw new IOException(file + ": truncated IDX header", e);
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + ": not a valid gzip file (" + e.getMessage() + ")", e);
        }
    }
}
