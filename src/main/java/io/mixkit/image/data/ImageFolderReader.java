package io.mixkit.image.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Reads a folder of images with one sub-folder per class ({@code DIR/cat/1.png}, {@code DIR/dog/7.jpg}),
 * class names in sorted order as torchvision's {@code ImageFolder}. Every image must have the size and
 * channel count of the first (grey = 1 channel, colour = 3; alpha is dropped); anything else, an
 * unreadable file or an empty class folder is an error naming the file.
 */
public final class ImageFolderReader {

    private ImageFolderReader() {}

    /**
     * @param dir the folder
     * @return the images, pixels in [0, 1]
     * @throws IOException naming the folder or file at fault
     */
    public static ImageDataset read(Path dir) throws IOException {
        return read(dir, null);
    }

    /**
     * @param dir the folder
     * @param classNames the class names a model was trained with (test folders must use the same), or null
     * @return the images
     * @throws IOException naming the folder or file at fault
     */
    public static ImageDataset read(Path dir, List<String> classNames) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a folder (expected one sub-folder of images per class)");
        }
        List<Path> classes;
        try (Stream<Path> s = Files.list(dir)) {
            classes = s.filter(Files::isDirectory).sorted().toList();
        }
        if (classes.isEmpty()) {
            throw new IOException(dir + ": no class sub-folders (expected DIR/CLASS/IMAGE.png)");
        }
        List<String> names = classNames != null ? classNames : classes.stream().map(p -> p.getFileName().toString()).toList();
        List<float[]> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int[] geometry = null; // channels, height, width
        Path first = null;
        for (Path cls : classes) {
            int label = names.indexOf(cls.getFileName().toString());
            if (label < 0) {
                throw new IOException(cls + ": class '" + cls.getFileName() + "' is not one of the model's classes " + names);
            }
            List<Path> files;
            try (Stream<Path> s = Files.list(cls)) {
                files = s.filter(p -> isImage(p.getFileName().toString())).sorted().toList();
            }
            if (files.isEmpty()) {
                throw new IOException(cls + ": empty class folder (no .png, .jpg or .jpeg files)");
            }
            for (Path f : files) {
                BufferedImage img;
                try {
                    img = ImageIO.read(f.toFile());
                } catch (IOException | RuntimeException e) {
                    throw new IOException(f + ": unreadable image (" + e.getMessage() + ")", e);
                }
                if (img == null) {
                    throw new IOException(f + ": not a readable PNG or JPEG image");
                }
                int c = img.getColorModel().getNumColorComponents() == 1 ? 1 : 3;
                if (geometry == null) {
                    geometry = new int[] {c, img.getHeight(), img.getWidth()};
                    first = f;
                } else if (geometry[0] != c || geometry[1] != img.getHeight() || geometry[2] != img.getWidth()) {
                    throw new IOException(f + ": " + c + "-channel " + img.getWidth() + "x" + img.getHeight() + " image, but "
                            + first + " is " + geometry[0] + "-channel " + geometry[2] + "x" + geometry[1]
                            + "; all images must have the same size and channels");
                }
                images.add(pixels(img, c));
                labels.add(label);
            }
        }
        int len = images.get(0).length;
        float[] all = new float[images.size() * len];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, all, i * len, len);
        }
        return new ImageDataset(all, labels.stream().mapToInt(Integer::intValue).toArray(), names, geometry[0],
                geometry[1], geometry[2], dir.toString());
    }

    private static boolean isImage(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    private static float[] pixels(BufferedImage img, int channels) {
        int h = img.getHeight();
        int w = img.getWidth();
        float[] out = new float[channels * h * w];
        if (channels == 1) {
            java.awt.image.Raster r = img.getRaster();
            float max = (1 << img.getColorModel().getComponentSize(0)) - 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = r.getSample(x, y, 0) / max;
                }
            }
            return out;
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                out[y * w + x] = ((rgb >> 16) & 0xff) / 255f;
                out[h * w + y * w + x] = ((rgb >> 8) & 0xff) / 255f;
                out[2 * h * w + y * w + x] = (rgb & 0xff) / 255f;
            }
        }
        return out;
    }
}
