package io.mixkit.mix;

import org.apache.commons.math3.complex.Complex;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * Spectral-residual saliency (Hou &amp; Zhang, CVPR 2007), the model-free saliency SaliencyMix
 * (Uddin et al., ICLR 2021) centres its CutMix box on:
 * <pre>
 *   F = FFT(grey image),  L = log(1 + |F|),  R = L - box3x3(L),  S = box3x3( |IFFT(exp(R + i arg F))|^2 )
 * </pre>
 * ({@code log(1 + |F|)} rather than {@code log |F|}: the spectra of small, flat images have exact zeros.)
 * Images whose side is not a power of two are zero-padded to one for the FFT (commons-math's FFT needs it).
 */
public final class SpectralSaliency {

    private static final FastFourierTransformer FFT = new FastFourierTransformer(DftNormalization.STANDARD);

    private SpectralSaliency() {}

    /**
     * @param image {@code [C][S][S]} flattened
     * @param channels C
     * @param size S
     * @return the saliency map, {@code S x S}
     */
    public static float[] map(float[] image, int channels, int size) {
        int n = Integer.highestOneBit(Math.max(1, size - 1)) << 1;
        if (size == 1) {
            return new float[] {1f};
        }
        Complex[][] f = new Complex[n][n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double v = 0;
                if (y < size && x < size) {
                    for (int ch = 0; ch < channels; ch++) {
                        v += image[ch * size * size + y * size + x];
                    }
                    v /= channels;
                }
                f[y][x] = new Complex(v);
            }
        }
        fft2(f, TransformType.FORWARD);
        double[][] logAmp = new double[n][n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                logAmp[y][x] = Math.log1p(f[y][x].abs());
            }
        }
        double[][] smooth = box3(logAmp, true);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double phase = f[y][x].getArgument();
                double mag = Math.exp(logAmp[y][x] - smooth[y][x]);
                f[y][x] = new Complex(mag * Math.cos(phase), mag * Math.sin(phase));
            }
        }
        fft2(f, TransformType.INVERSE);
        double[][] power = new double[n][n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double a = f[y][x].abs();
                power[y][x] = a * a;
            }
        }
        double[][] s = box3(power, false);
        float[] out = new float[size * size];
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                out[y * size + x] = (float) s[y][x];
            }
        }
        return out;
    }

    /**
     * @param map an {@code S x S} map
     * @param size S
     * @return {@code {row, column}} of its maximum (the first, in row-major order)
     */
    public static int[] peak(float[] map, int size) {
        int best = 0;
        for (int i = 1; i < map.length; i++) {
            if (map[i] > map[best]) {
                best = i;
            }
        }
        return new int[] {best / size, best % size};
    }

    private static void fft2(Complex[][] f, TransformType type) {
        int n = f.length;
        for (int y = 0; y < n; y++) {
            f[y] = FFT.transform(f[y], type);
        }
        Complex[] col = new Complex[n];
        for (int x = 0; x < n; x++) {
            for (int y = 0; y < n; y++) {
                col[y] = f[y][x];
            }
            Complex[] t = FFT.transform(col, type);
            for (int y = 0; y < n; y++) {
                f[y][x] = t[y];
            }
        }
    }

    /** 3x3 mean, wrapping around (the periodic spectrum) or replicating edges (the image). */
    private static double[][] box3(double[][] a, boolean wrap) {
        int n = a.length;
        double[][] out = new double[n][n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double s = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int yy = wrap ? Math.floorMod(y + dy, n) : Math.min(n - 1, Math.max(0, y + dy));
                        int xx = wrap ? Math.floorMod(x + dx, n) : Math.min(n - 1, Math.max(0, x + dx));
                        s += a[yy][xx];
                    }
                }
                out[y][x] = s / 9;
            }
        }
        return out;
    }
}
