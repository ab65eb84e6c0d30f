package io.mixkit.mix;

/**
 * How many mixing weights are drawn for a batch (the {@code mode} of timm's {@code Mixup}).
 */
public enum LambdaMode {
    /** One draw shared by every row of the batch (MixText, PuzzleMix, the mixup paper). */
    BATCH,
    /** One draw per partner pair: row {@code i} and its partner share the weight (needs a pairing that is an involution, such as a flip). */
    PAIR,
    /** One independent draw per row. */
    ELEMENT
}
