package io.mixkit.train;

import java.util.function.BiFunction;

/**
 * One training method as the registry knows it: its name, the paper and the formula it implements,
 * its options type with the method's defaults (the only place they are written), and how to build
 * its strategy.
 *
 * <p>Options are a record whose components, in {@code snake_case}, are the method's option keys in
 * presets ({@code "methods": {"tmix": {"alpha": 16}}}), on the command line ({@code --method-option
 * alpha=16}, or a flag such as {@code --alpha}) and in {@code report.json}; {@link MethodOptions}
 * binds them. A method with no options uses {@link NoOptions}.
 *
 * @param name the method's name on the command line
 * @param paper the paper it follows, e.g. {@code Chen et al., ACL 2020}
 * @param formula what it mixes, e.g. {@code h_k' = l h_k + (1-l) h_k[perm]}
 * @param strategyType the class its factory returns (what {@code visualize} asks about)
 * @param defaults the options with the method's defaults
 * @param semiSupervised whether it also trains on unlabeled examples
 * @param frozenBody whether only the head trains (the run sets the body's learning rate to 0)
 * @param factory builds the strategy from its options and the modality's context
 * @param <I> the model's input type
 * @param <C> what the factory needs besides its options (the model, a tokenizer, ...)
 * @param <O> the options record
 */
public record MethodSpec<I, C, O extends Record>(String name, String paper, String formula,
                                                   Class<?> strategyType, O defaults, boolean semiSupervised,
                                                   boolean frozenBody, BiFunction<O, C, ? extends MixStrategy<I>> factory) {

    /** An options type for methods without options. */
    public record NoOptions() {}

    /**
     * A supervised method.
     *
     * @param name the name
     * @param paper the paper
     * @param formula what it mixes
     * @param strategyType the strategy class
     * @param defaults its options with defaults
     * @param factory builds the strategy
     * @param <I> input type
     * @param <C> context type
     * @param <O> options type
     * @return the spec
     */
    public static <I, C, O extends Record> MethodSpec<I, C, O> of(String name, String paper, String formula,
            Class<?> strategyType, O defaults, BiFunction<O, C, ? extends MixStrategy<I>> factory) {
        return new MethodSpec<>(name, paper, formula, strategyType, defaults, false, false, factory);
    }

    /** @return this method, marked as one that also trains on unlabeled examples */
    public MethodSpec<I, C, O> withUnlabeled() {
        return new MethodSpec<>(name, paper, formula, strategyType, defaults, true, frozenBody, factory);
    }

    /** @return this method, marked as one that trains the head alone */
    public MethodSpec<I, C, O> withFrozenBody() {
        return new MethodSpec<>(name, paper, formula, strategyType, defaults, semiSupervised, true, factory);
    }

    /**
     * @param options options of this method (from {@link MethodOptions#bind})
     * @param context the modality's context
     * @return the strategy
     */
    public MixStrategy<I> create(Object options, C context) {
        return factory.apply(optionsType().cast(options), context);
    }

    /** @return the options record's class */
    @SuppressWarnings("unchecked")
    public Class<O> optionsType() {
        return (Class<O>) defaults.getClass();
    }
}
