package io.mixkit.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.mixkit.MixKitRuntime;
import io.mixkit.eval.Fgsm;
import io.mixkit.image.augment.AugMixOps;
import io.mixkit.image.augment.CropFlip;
import io.mixkit.image.data.IdxReader;
import io.mixkit.image.data.ImageBatchSource;
import io.mixkit.image.data.ImageDataset;
import io.mixkit.image.data.ImageDatasets;
import io.mixkit.mix.Seeds;
import io.mixkit.mix.SoftTargets;
import io.mixkit.train.Losses;
import io.mixkit.train.Predictions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fashion-MNIST IDX reading, padding, crop/flip, AugMix operations and FGSM, on the embedded real images. */
class ImageDataTest {

    @TempDir
    Path tmp;

    @Test
    void embeddedFashionMnistReadsWithItsCountsAndPadsTo32() throws Exception {
        ImageDatasets.Splits s = ImageDatasets.load(null, 0);
        assertEquals(2000, s.train().size());
        assertEquals(1000, s.test().size());
        assertEquals(28, s.train().height());
        // the first training image of Fashion-MNIST is an ankle boot (label 9); pixels are bytes / 255
        assertEquals(9, s.train().labels()[0]);
        for (float v : s.train().pixels()) {
            assertTrue(v >= 0 && v <= 1 && Math.abs(v * 255 - Math.round(v * 255)) < 1e-4);
        }
        ImageDataset padded = s.train().padTo(32);
        assertEquals(32, padded.height());
        // 2 rows and columns of zeros on each side, the original in the middle
        assertEquals(0f, padded.pixels()[0]);
        assertEquals(s.train().pixels()[10 * 28 + 10], padded.pixels()[12 * 32 + 12]);
    }

    @Test
    void idxErrorsNameTheFile() throws Exception {
        Path labels = tmp.resolve("train-labels-idx1-ubyte.gz");
        try (InputStream in = ImageDataTest.class.getResourceAsStream("/mixkit/datasets/fashion-mnist-small/train-labels-idx1-ubyte.gz")) {
            Files.copy(in, labels);
        }
        IOException wrongKind = assertThrows(IOException.class, () -> IdxReader.read(labels, labels, IdxReader.FASHION_MNIST_CLASSES));
        assertTrue(wrongKind.getMessage().contains(labels.toString()) && wrongKind.getMessage().contains("magic 0x801"), wrongKind.getMessage());
        Path cut = tmp.resolve("cut-images-idx3-ubyte");
        try (InputStream in = new java.util.zip.GZIPInputStream(ImageDataTest.class.getResourceAsStream(
                "/mixkit/datasets/fashion-mnist-small/train-images-idx3-ubyte.gz"))) {
            Files.write(cut, java.util.Arrays.copyOf(in.readAllBytes(), 16 + 784 * 3));
        }
        IOException truncated = assertThrows(IOException.class, () -> IdxReader.read(cut, labels, IdxReader.FASHION_MNIST_CLASSES));
        assertTrue(truncated.getMessage().contains("truncated") && truncated.getMessage().contains(cut.toString()), truncated.getMessage());
    }

    @Test
    void cropAndFlipMoveAndMirrorPixels() {
        float[] img = new float[16];
        for (int i = 0; i < 16; i++) {
            img[i] = i;
        }
        ImageBatch one = new ImageBatch(img, 1, 1, 4, 4);
        ImageBatch flipped = new CropFlip(0, true).apply(one, fixedBoolean(true));
        assertArrayEquals(new float[] {3, 2, 1, 0}, java.util.Arrays.copyOf(flipped.pixels(), 4));
        // with padding, every output image is the input shifted by some (dy, dx) in [-2, 2], zeros coming in;
        // over 20 draws more than one shift occurs
        float[] twenty = new float[20 * 16];
        for (int i = 0; i < 20; i++) {
            System.arraycopy(img, 0, twenty, i * 16, 16);
        }
        ImageBatch shifted = new CropFlip(2, false).apply(new ImageBatch(twenty, 20, 1, 4, 4), Seeds.random(3));
        java.util.Set<Integer> shifts = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            int found = -1;
            for (int sy = -2; sy <= 2 && found < 0; sy++) {
                for (int sx = -2; sx <= 2 && found < 0; sx++) {
                    boolean match = true;
                    for (int y = 0; y < 4; y++) {
                        for (int x = 0; x < 4; x++) {
                            int yy = y + sy;
                            int xx = x + sx;
                            float want = yy >= 0 && yy < 4 && xx >= 0 && xx < 4 ? img[yy * 4 + xx] : 0;
                            match &= shifted.pixels()[i * 16 + y * 4 + x] == want;
                        }
                    }
                    if (match) {
                        found = (sy + 2) * 5 + sx + 2;
                    }
                }
            }
            assertTrue(found >= 0, "image " + i + " is not a shift of the padded input");
            shifts.add(found);
        }
        assertTrue(shifts.size() > 1, "20 crops all used the same shift");
    }

    private static org.apache.commons.rng.UniformRandomProvider fixedBoolean(boolean v) {
        return new org.apache.commons.rng.UniformRandomProvider() {
            @Override
            public long nextLong() {
                return v ? -1L : 0L;
            }

            @Override
            public boolean nextBoolean() {
                return v;
            }
        };
    }

    @Test
    void augMixOperationsMatchTheirDefinitions() {
        float[] img = {0.2f, 0.4f, 0.6f, 0.4f};
        assertArrayEquals(new float[] {0f, 0.5f, 1f, 0.5f}, AugMixOps.autocontrast(img, 1, 2), 1e-6f);
        // solarize at 0.5 inverts the pixels at or above it
        assertArrayEquals(new float[] {0.2f, 0.4f, 0.4f, 0.4f}, AugMixOps.solarize(img, 0.5f), 1e-6f);
        // posterize to 1 bit keeps the top bit of the byte: 0.6 * 255 = 153 -> 128, 0.4 * 255 = 102 -> 0
        assertArrayEquals(new float[] {0f, 0f, 128 / 255f, 0f}, AugMixOps.posterize(img, 1), 1e-6f);
        // equalize: levels 51, 102, 153 with counts 1, 2, 1 -> cdf 1, 3, 4; (cdf - 1) / (4 - 1)
        assertArrayEquals(new float[] {0f, 2 / 3f, 1f, 2 / 3f}, AugMixOps.equalize(img, 1, 2), 1e-6f);
        // an integer translation is a shift with black coming in
        float[] shifted = AugMixOps.affine(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 3, 0, 0, 0, 1, 0);
        assertArrayEquals(new float[] {2, 3, 0, 5, 6, 0, 8, 9, 0}, shifted, 1e-6f);
        // AugMix views of a real image stay in [0, 1] and differ from it
        float[] x = java.util.Arrays.copyOf(load().padTo(32).pixels(), 1024);
        float[] v = new AugMixOps(3, 3, -1, 1).augmentAndMix(x, 1, 32, Seeds.random(1));
        for (float f : v) {
            assertTrue(f >= -1e-6 && f <= 1 + 1e-6);
        }
        assertTrue(!java.util.Arrays.equals(x, v));
    }

    private static ImageDataset load() {
        try {
            return ImageDatasets.load(null, 0).train().first(1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void fgsmStepsWithinTheRadiusAndRaisesTheLoss() throws Exception {
        MixKitRuntime.init();
        ImageDataset test = ImageDatasets.load(null, 32).test().first(64);
        ImageBatchSource src = new ImageBatchSource(test);
        int[] idx = new int[64];
        java.util.Arrays.setAll(idx, i -> i);
        try (ResNetClassifier model = new ResNetClassifier(ResNetClassifier.Architecture.SMALL, 1, 10, test.channelMean(),
                test.channelStd(), 2); NDManager m = NDManager.newBaseManager()) {
            model.parameters().setRequiresGradient(true);
            double clean = Predictions.of(model, src, 64).metrics().accuracy();
            assertEquals(clean, Fgsm.accuracy(model, src, 0, 64), 0);
            ImageBatch x = src.inputs(idx);
            int[] labels = src.batch(idx).labels();
            float eps = 8 / 255f;
            ImageBatch adv = Fgsm.perturb(model, x, labels, eps, m);
            for (int i = 0; i < x.pixels().length; i++) {
                float a = adv.pixels()[i];
                assertTrue(a >= 0 && a <= 1 && Math.abs(a - x.pixels()[i]) <= eps + 1e-6);
            }
            var targets = SoftTargets.oneHot(m, labels, 10);
            float before = Losses.softCrossEntropy(model.logits(x, m, false), targets).getFloat();
            float after = Losses.softCrossEntropy(model.logits(adv, m, false), targets).getFloat();
            assertTrue(after > before, after + " <= " + before);
        }
    }
}
