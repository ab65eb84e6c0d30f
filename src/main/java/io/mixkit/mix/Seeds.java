package io.mixkit.mix;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/** Seeded random sources: every random choice in MixKit draws from one of these, so a seed fixes a run. */
public final class Seeds {

    private Seeds() {}

    /**
     * A fast, high-quality generator (xoroshiro128++) seeded deterministically.
     *
     * @param seed the seed
     * @return a generator that yields the same stream for the same seed
     */
    public static UniformRandomProvider random(long seed) {
        return RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
    }
}
