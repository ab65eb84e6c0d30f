package io.mixkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.core.Linear;

/**
 * A non-text staged model for loop tests: stage 0 = input vector, stage 1 and 2 = ReLU hidden
 * layers, then a linear head. Manifold mixup on it is the same StageMix strategy TMix uses on BERT.
 */
final class MlpClassifier implements StagedClassifier<float[][]> {

    private final NamedParameters params;

    MlpClassifier(NDManager manager, int in, int hidden, int classes) {
        params = new NamedParameters(manager);
        params.normal("layer1.weight", (float) Math.sqrt(2.0 / in), hidden, in);
        params.constant("layer1.bias", 0f, hidden);
        params.normal("layer2.weight", (float) Math.sqrt(2.0 / hidden), hidden, hidden);
        params.constant("layer2.bias", 0f, hidden);
        params.normal("head.weight", 0.02f, classes, hidden);
        params.constant("head.bias", 0f, classes);
    }

    @Override
    public int numStages() {
        return 2;
    }

    @Override
    public int numClasses() {
        return (int) params.get("head.bias").getShape().get(0);
    }

    @Override
    public NamedParameters parameters() {
        return params;
    }

    @Override
    public boolean isHeadParameter(String name) {
        return name.startsWith("head.");
    }

    @Override
    public StageState forwardTo(int stage, float[][] inputs, NDManager manager, boolean training) {
        float[] flat = new float[inputs.length * inputs[0].length];
        for (int i = 0; i < inputs.length; i++) {
            System.arraycopy(inputs[i], 0, flat, i * inputs[i].length, inputs[i].length);
        }
        NDArray h = manager.create(flat, new ai.djl.ndarray.types.Shape(inputs.length, inputs[0].length));
        for (int k = 1; k <= stage; k++) {
            h = layer(k, h);
        }
        return new StageState(h, null);
    }

    private NDArray layer(int k, NDArray h) {
        return Linear.linear(h, params.get("layer" + k + ".weight"), params.get("layer" + k + ".bias"))
                .singletonOrThrow().getNDArrayInternal().relu();
    }

    @Override
    public NDArray forwardFrom(int stage, StageState state, boolean training) {
        NDArray h = state.value();
        for (int k = stage + 1; k <= numStages(); k++) {
            h = layer(k, h);
        }
        return Linear.linear(h, params.get("head.weight"), params.get("head.bias")).singletonOrThrow();
    }
}
