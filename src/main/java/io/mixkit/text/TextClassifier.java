package io.mixkit.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.core.Linear;
import io.mixkit.train.DropoutMasks;
import io.mixkit.train.NamedParameters;
import io.mixkit.train.StageState;
import io.mixkit.train.StagedClassifier;

/**
 * A BERT text classifier as a stack of stages: stage 0 = embedding output, stage k = output of
 * encoder layer k (k = 1..L), stage L+1 = the pooled sentence vector; then
 * {@code logits = W dropout(v) + b} ({@code classifier.weight}, {@code classifier.bias}, as Hugging
 * Face's sequence classifier names them). TMix mixes at stages 1..L, EmbedMix at 0, senMixup at L+1.
 */
public final class TextClassifier implements StagedClassifier<EncodedBatch> {

    private final BertEncoder encoder;
    private final Pooling pooling;
    private final int numClasses;

    /**
     * Adds a freshly initialised head (Normal(0, 0.02), zero bias) to an encoder.
     *
     * @param encoder the (pretrained) encoder; the head's parameters join its parameter set
     * @param pooling how token states become one vector
     * @param numClasses C
     */
    public TextClassifier(BertEncoder encoder, Pooling pooling, int numClasses) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + numClasses);
        }
        this.encoder = encoder;
        this.pooling = pooling;
        this.numClasses = numClasses;
        NamedParameters p = encoder.parameters();
        p.normal("classifier.weight", 0.02f, numClasses, encoder.config().hiddenSize());
        p.constant("classifier.bias", 0f, numClasses);
    }

    /** @return the encoder */
    public BertEncoder encoder() {
        return encoder;
    }

    /** @return the pooling */
    public Pooling pooling() {
        return pooling;
    }

    @Override
    public int numStages() {
        return encoder.numStages() + 1;
    }

    /** @return the stage of the pooled sentence vector (senMixup mixes here) */
    public int pooledStage() {
        return encoder.numStages() + 1;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public NamedParameters parameters() {
        return encoder.parameters();
    }

    @Override
    public boolean isHeadParameter(String name) {
        return name.startsWith("classifier.");
    }

    @Override
    public StageState forwardTo(int stage, EncodedBatch inputs, NDManager manager, boolean training) {
        checkStage(stage);
        if (stage == pooledStage()) {
            StageState h = encoder.forward(inputs, manager, training);
            return new StageState(pooling.apply(h), null);
        }
        return encoder.forwardTo(stage, inputs, manager, training);
    }

    @Override
    public NDArray forwardFrom(int stage, StageState state, boolean training) {
        checkStage(stage);
        NDArray pooled;
        if (stage == pooledStage()) {
            pooled = state.value();
        } else {
            pooled = pooling.apply(encoder.forwardFrom(stage, state, training));
        }
        if (training && encoder.config().hiddenDropout() > 0) {
            pooled = DropoutMasks.apply(pooled, encoder.config().hiddenDropout());
        }
        return Linear.linear(pooled, parameters().get("classifier.weight"), parameters().get("classifier.bias"))
                .singletonOrThrow();
    }

    private void checkStage(int stage) {
        if (stage < 0 || stage > pooledStage()) {
            throw new IllegalArgumentException("stage " + stage + " is outside 0.." + pooledStage()
                    + " (embeddings, " + encoder.numStages() + " layers, pooled vector)");
        }
    }
}
