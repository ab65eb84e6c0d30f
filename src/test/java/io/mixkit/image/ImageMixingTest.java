package io.mixkit.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.mixkit.MixKitRuntime;
import io.mixkit.image.data.ImageDataset;
import io.mixkit.image.data.ImageDatasets;
import io.mixkit.image.strategy.AugMix;
import io.mixkit.image.strategy.CutMix;
import io.mixkit.image.strategy.PuzzleMix;
import io.mixkit.mix.BlockTransport;
import io.mixkit.mix.BoxMask;
import io.mixkit.mix.GridMasks;
import io.mixkit.mix.Seeds;
import io.mixkit.mix.SpectralSaliency;
import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Image mixing on real Fashion-MNIST images against hand-computed values and the mask formula. */
class ImageMixingTest {

    static ImageBatch batch;

    @BeforeAll
    static void load() throws Exception {
        MixKitRuntime.init();
        ImageDataset d = ImageDatasets.load(null, 32).train().first(8);
        batch = new ImageBatch(d.pixels(), 8, 1, 32, 32);
    }

    @Test
    void transportOnA2x2GridMatchesTheHandWorkedRounds() {
        // block 1 (saliency 0.7) claims position 0 (mask on, cost 0.5 - 0.7) and beats block 0 (0 - 0.1);
        // block 0 then pays +1 there and takes position 1; blocks 2 and 3 stay.
        int[] plan = BlockTransport.plan(new float[] {1, 0, 0, 0}, new float[] {0.1f, 0.7f, 0.1f, 0.1f}, 0.5);
        assertArrayEquals(new int[] {1, 0, 2, 3}, plan);
        // a larger distance weight keeps everything in place
        assertArrayEquals(new int[] {0, 1, 2, 3}, BlockTransport.plan(new float[] {1, 0, 0, 0}, new float[] {0.1f, 0.7f, 0.1f, 0.1f}, 0.8));
    }

    @Test
    void transportAlwaysReturnsAPermutationOfBlocks() {
        UniformRandomProvider rng = Seeds.random(3);
        for (int g : new int[] {2, 4, 8, 16}) {
            for (int trial = 0; trial < 50; trial++) {
                float[] mask = new float[g * g];
                float[] sal = new float[g * g];
                for (int i = 0; i < mask.length; i++) {
                    mask[i] = rng.nextInt(3) / 2f;
                    sal[i] = (float) Math.pow(rng.nextDouble(), 4) / (g * g) * 8;
                }
                int[] plan = BlockTransport.plan(mask, sal, rng.nextDouble());
                int[] sorted = plan.clone();
                Arrays.sort(sorted);
                for (int i = 0; i < sorted.length; i++) {
                    assertEquals(i, sorted[i], "grid " + g + " trial " + trial);
                }
            }
        }
        // applying a plan moves whole blocks: position j holds block source[j], pixel for pixel
        float[] img = batch.image(0);
        int[] source = {3, 2, 1, 0};
        float[] moved = BlockTransport.apply(img, 1, 32, source);
        for (int j = 0; j < 4; j++) {
            int from = source[j];
            float ink = 0;
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    float want = img[((from / 2) * 16 + y) * 32 + (from % 2) * 16 + x];
                    assertEquals(want, moved[((j / 2) * 16 + y) * 32 + (j % 2) * 16 + x], 0f, "position " + j);
                    ink += want;
                }
            }
            assertTrue(ink > 0, "block " + from + " of the test image is not blank");
        }
        assertSamePixels(img, moved);
    }

    @Test
    void puzzleMixImageIsTheMaskFormulaAndItsWeightTheMaskMean() {
        UniformRandomProvider rng = Seeds.random(5);
        float[] saliency = new float[8 * 32 * 32];
        for (int i = 0; i < saliency.length; i++) {
            saliency[i] = (float) rng.nextDouble() * batch.pixels()[i];
        }
        int[] perm = {3, 0, 1, 2, 7, 4, 5, 6};
        for (boolean transport : new boolean[] {false, true}) {
            for (int g : new int[] {2, 4, 8, 16}) {
                PuzzleMix pm = new PuzzleMix(PuzzleMix.Settings.builder().optGridSizes(g).optTransport(transport)
                        .optGraphThreads(2).build());
                PuzzleMix.Mixed m = pm.mix(batch, saliency, perm, g, 0.4f, null, false, false);
                for (int i = 0; i < 8; i++) {
                    float[] up = GridMasks.upsample(m.masks()[i], 32);
                    float[] x1 = m.transported1()[i];
                    float[] x2 = m.transported2()[i];
                    if (!transport) {
                        assertArrayEquals(batch.image(i), x1);
                        assertArrayEquals(batch.image(perm[i]), x2);
                    } else {
                        assertSamePixels(batch.image(i), x1);
                        assertSamePixels(batch.image(perm[i]), x2);
                    }
                    float[] mixed = m.mixed().image(i);
                    for (int p = 0; p < 1024; p++) {
                        assertEquals(up[p] * x1[p] + (1 - up[p]) * x2[p], mixed[p], 1e-6f);
                    }
                    assertEquals(GridMasks.mean(m.masks()[i]), m.ownWeight()[i], 1e-7f);
                    for (float v : m.masks()[i]) {
                        assertTrue(v == 0f || v == 0.5f || v == 1f);
                    }
                }
            }
        }
    }

    @Test
    void cutMixWeightIsTheRealisedBoxArea() {
        BoxMask corner = BoxMask.centred(32, 32, 0.75, 0, 0); // sides 16 around (0,0): clipped to 8x8
        assertEquals(64, corner.area());
        assertEquals(1 - 64f / 1024, corner.ownWeight(), 1e-7f);
        CutMix.Mixed m = new CutMix(1.0, false).draw(batch, Seeds.random(9));
        for (int i = 0; i < 8; i++) {
            BoxMask box = m.boxes()[i];
            assertEquals(1 - (float) box.area() / 1024, m.ownWeight()[i], 1e-7f);
            float[] mixed = m.mixed().image(i);
            float[] own = batch.image(i);
            float[] other = batch.image(m.perm()[i]);
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    boolean in = y >= box.top() && y < box.bottom() && x >= box.left() && x < box.right();
                    assertEquals(in ? other[y * 32 + x] : own[y * 32 + x], mixed[y * 32 + x], 0f);
                }
            }
        }
    }

    @Test
    void saliencyMixCentresTheBoxOnTheSourcesSpectralPeak() {
        CutMix.Mixed m = new CutMix(1.0, true).draw(batch, Seeds.random(4));
        for (int i = 0; i < 8; i++) {
            int[] peak = SpectralSaliency.peak(SpectralSaliency.map(batch.image(m.perm()[i]), 1, 32), 32);
            BoxMask b = m.boxes()[i];
            assertTrue(b.area() == 0 || (peak[0] >= b.top() && peak[0] <= b.bottom() && peak[1] >= b.left() && peak[1] <= b.right()));
        }
        // a lone bright square on black is where the spectral residual peaks
        float[] img = new float[32 * 32];
        for (int y = 20; y < 26; y++) {
            for (int x = 4; x < 10; x++) {
                img[y * 32 + x] = 1f;
            }
        }
        int[] peak = SpectralSaliency.peak(SpectralSaliency.map(img, 1, 32), 32);
        assertTrue(peak[0] >= 18 && peak[0] <= 27 && peak[1] >= 2 && peak[1] <= 11, Arrays.toString(peak));
    }

    @Test
    void jensenShannonTermMatchesAHandComputation() {
        float[] logits = {0.1f, 2f, -1f, 1f, 0f, 0.5f, -0.3f, 0.3f, 1.2f, 2f, 2f, 0f, 0.4f, 0.1f, -2f, 1f, 1f, 1f};
        int n = 2;
        try (NDManager m = NDManager.newBaseManager()) {
            float got = AugMix.jensenShannon(m.create(logits, new Shape(3 * n, 3)), n).getFloat();
            double expected = 0;
            for (int r = 0; r < n; r++) {
                double[][] p = new double[3][];
                for (int k = 0; k < 3; k++) {
                    p[k] = softmax(logits, (k * n + r) * 3);
                }
                for (int k = 0; k < 3; k++) {
                    for (int c = 0; c < 3; c++) {
                        double mix = Math.max(1e-7, (p[0][c] + p[1][c] + p[2][c]) / 3);
                        expected += p[k][c] * (Math.log(p[k][c]) - Math.log(mix)) / 3 / n;
                    }
                }
            }
            assertEquals(expected, got, 1e-6);
        }
    }

    private static double[] softmax(float[] v, int at) {
        double max = Math.max(v[at], Math.max(v[at + 1], v[at + 2]));
        double[] e = {Math.exp(v[at] - max), Math.exp(v[at + 1] - max), Math.exp(v[at + 2] - max)};
        double s = e[0] + e[1] + e[2];
        return new double[] {e[0] / s, e[1] / s, e[2] / s};
    }

    private static void assertSamePixels(float[] a, float[] b) {
        float[] x = a.clone();
        float[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        assertArrayEquals(x, y);
    }

    @Test
    void stageSplitsOfTheResNetEqualTheWholeForwardPass() {
        try (ResNetClassifier model = new ResNetClassifier(ResNetClassifier.Architecture.SMALL, 1, 10, new float[] {0.3f},
                new float[] {0.35f}, 1); NDManager m = NDManager.newBaseManager()) {
            NDArray full = model.logits(batch, m, false);
            for (int k = 0; k <= model.numStages(); k++) {
                NDArray split = model.forwardFrom(k, model.forwardTo(k, batch, m, false), false);
                assertTrue(full.sub(split).abs().max().getFloat() < 1e-5f, "stage " + k);
            }
            // stage 0 is (pixels - mean) / std
            NDArray s0 = model.forwardTo(0, batch, m, false).value();
            assertEquals((batch.pixels()[100] - 0.3f) / 0.35f, s0.toFloatArray()[100], 1e-6f);
            assertEquals(new Shape(8, 64, 8, 8), model.forwardTo(3, batch, m, false).value().getShape());
        }
    }
}
