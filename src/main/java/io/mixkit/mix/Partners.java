package io.mixkit.mix;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.PermutationSampler;

/**
 * Partner pairing: row {@code i} of a batch is mixed with row {@code partner[i]} of the same batch.
 *
 * <p>Mixing a batch with a permutation of itself costs no extra forward pass (MixText's reference
 * instead runs a second copy of the batch up to the mixing layer).
 */
public final class Partners {

    private Partners() {}

    /**
     * A uniformly random permutation, as {@code torch.randperm} in MixText and PuzzleMix.
     *
     * @param n batch size
     * @param rng seeded source
     * @return {@code perm} with {@code perm[i]} the partner of row {@code i}
     */
    public static int[] permutation(int n, UniformRandomProvider rng) {
        if (n <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + n);
        }
        return shuffled(n, rng);
    }

    private static int[] shuffled(int n, UniformRandomProvider rng) {
        int[] perm = PermutationSampler.natural(n);
        PermutationSampler.shuffle(rng, perm);
        return perm;
    }

    /**
     * The reversed batch, as timm's {@code x.flip(0)}: row {@code i} pairs with row {@code n-1-i}.
     * With an odd batch the middle row pairs with itself (and is left unmixed).
     *
     * @param n batch size
     * @return the flip pairing
     */
    public static int[] flip(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + n);
        }
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = n - 1 - i;
        }
        return p;
    }
}
