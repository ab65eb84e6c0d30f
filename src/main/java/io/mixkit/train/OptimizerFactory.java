package io.mixkit.train;

import java.util.function.ToDoubleFunction;

/**
 * Makes the optimiser a run uses, with its hyper-parameters: pass one to {@link Trainer#optOptimizer};
 * without one the loop uses {@link #of(TrainConfig)}.
 */
@FunctionalInterface
public interface OptimizerFactory {

    /**
     * @param params the parameters to update
     * @param learningRate each parameter's base learning rate, by name (the schedule scales it per step)
     * @return the optimiser (the loop closes it)
     */
    Optimizer create(NamedParameters params, ToDoubleFunction<String> learningRate);

    /**
     * @param beta1 first-moment decay (0.9)
     * @param beta2 second-moment decay (0.999)
     * @param eps added to the root of the second moment (1e-8)
     * @param weightDecay decoupled decay, not on biases and LayerNorms (0.01)
     * @return {@link AdamW} with {@code torch.optim.AdamW} semantics
     */
    static OptimizerFactory adamW(float beta1, float beta2, float eps, float weightDecay) {
        return (params, lr) -> new AdamW(params, lr, AdamW::decaysByDefault, beta1, beta2, eps, weightDecay);
    }

    /**
     * @param momentum momentum (0.9 in the PuzzleMix recipe)
     * @param nesterov Nesterov momentum
     * @param weightDecay coupled decay on every parameter (1e-4 in the PuzzleMix recipe)
     * @return {@link Sgd}
     */
    static OptimizerFactory sgd(float momentum, boolean nesterov, float weightDecay) {
        return (params, lr) -> new Sgd(params, lr, momentum, nesterov, weightDecay);
    }

    /**
     * @param config a run's settings
     * @return its {@code optimizer} ({@code adamw}: betas 0.9 / 0.999 and the config's epsilon; {@code sgd}:
     *     Nesterov momentum 0.9), with the config's weight decay
     */
    static OptimizerFactory of(TrainConfig config) {
        return config.optimizer().equals("sgd") ? sgd(0.9f, true, (float) config.weightDecay())
                : adamW(0.9f, 0.999f, (float) config.adamEpsilon(), (float) config.weightDecay());
    }
}
