package io.mixkit.train;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The UCI 8x8 digits (scikit-learn's copy) as a BatchSource of pixel vectors scaled to [0, 1]. */
final class Digits implements BatchSource<float[][]> {

    final float[][] x;
    final int[] y;

    private Digits(float[][] x, int[] y) {
        this.x = x;
        this.y = y;
    }

    static Digits all() throws IOException {
        List<float[]> xs = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Digits.class.getResourceAsStream("/digits.csv.gz")), StandardCharsets.US_ASCII))) {
            for (String line; (line = r.readLine()) != null; ) {
                String[] f = line.split(",");
                float[] v = new float[64];
                for (int i = 0; i < 64; i++) {
                    v[i] = Float.parseFloat(f[i]) / 16f;
                }
                xs.add(v);
                ys.add((int) Float.parseFloat(f[64]));
            }
        }
        return new Digits(xs.toArray(new float[0][]), ys.stream().mapToInt(Integer::intValue).toArray());
    }

    Digits slice(int from, int to) {
        return new Digits(java.util.Arrays.copyOfRange(x, from, to), java.util.Arrays.copyOfRange(y, from, to));
    }

    @Override
    public int size() {
        return y.length;
    }

    @Override
    public int label(int index) {
        return y[index];
    }

    @Override
    public float[][] inputs(int[] indices) {
        float[][] b = new float[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            b[i] = x[indices[i]];
        }
        return b;
    }
}
