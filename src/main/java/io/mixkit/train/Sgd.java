package io.mixkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import io.mixkit.mix.Scalars;

/**
 * SGD with momentum, as {@code torch.optim.SGD} (dampening 0), the optimiser of the PuzzleMix and
 * manifold-mixup recipes (momentum 0.9, Nesterov, weight decay 1e-4):
 * <pre>
 *   g = grad + wd * p;   b = mu * b + g   (b = g at the first step)
 *   p = p - lr * (g + mu * b)   with Nesterov,   p = p - lr * b   without
 * </pre>
 * Weight decay is coupled (added to the gradient) and applies to every parameter, as in those codes.
 */
public final class Sgd implements Optimizer {

    private final NamedParameters params;
    private final ToDoubleFunction<String> learningRate;
    private final float momentum;
    private final boolean nesterov;
    private final float weightDecay;
    private final NDManager stateManager;
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();
    private long t;

    /**
     * @param params the parameters to update
     * @param learningRate base learning rate per parameter name
     * @param momentum mu (0.9)
     * @param nesterov Nesterov momentum
     * @param weightDecay coupled L2 weight decay (1e-4 in the reference)
     */
    public Sgd(NamedParameters params, ToDoubleFunction<String> learningRate, float momentum, boolean nesterov, float weightDecay) {
        this.params = params;
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
        this.stateManager = params.manager().newSubManager();
        params.asMap().forEach((k, p) -> buffers.put(k, stateManager.zeros(p.getShape(), DataType.FLOAT32)));
    }

    @Override
    public void step(double lrScale, float gradScale) {
        Gradients.scale(params, gradScale);
        t++;
        try (NDManager scope = NDManager.newBaseManager()) {
            NDArray mu = Scalars.of(scope, momentum); // once per update, not once per parameter
            NDArray decay = Scalars.of(scope, weightDecay);
            for (Map.Entry<String, NDArray> e : params.asMap().entrySet()) {
                NDArray p = e.getValue();
                NDArray g = Gradients.of(p, scope);
                if (weightDecay > 0) {
                    g = Optimizer.scoped(g.add(Optimizer.scoped(p.mul(decay), scope)), scope);
                }
                NDArray b = buffers.get(e.getKey());
                b.muli(mu).addi(g);
                NDArray direction = nesterov ? Optimizer.scoped(g.add(Optimizer.scoped(b.mul(mu), scope)), scope) : b;
                p.subi(Optimizer.scoped(direction.mul(Scalars.of(scope, (float) (learningRate.applyAsDouble(e.getKey()) * lrScale))), scope));
            }
        }
        Gradients.zero(params);
    }

    @Override
    public long steps() {
        return t;
    }

    @Override
    public Map<String, NDArray> state() {
        Map<String, NDArray> s = new LinkedHashMap<>();
        buffers.forEach((k, a) -> s.put("momentum." + k, a));
        return s;
    }

    @Override
    public void restore(Map<String, NDArray> saved, long steps) {
        copyState(saved);
        this.t = steps;
    }

    @Override
    public void close() {
        stateManager.close();
    }
}
