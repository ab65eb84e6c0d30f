package io.mixkit.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The methods of one modality, in the order the help lists them (a registry in the manner of timm's
 * and OpenMixup's). Adding a method is one file holding its strategy and {@link MethodSpec}, plus one
 * line in the modality's registry.
 *
 * @param <I> the model's input type
 * @param <C> what the methods' factories need
 */
public final class MethodRegistry<I, C> {

    private final String modality;
    private final Map<String, MethodSpec<I, C, ?>> specs = new LinkedHashMap<>();

    /**
     * @param modality e.g. {@code text}, for messages
     * @param methods the methods
     */
    @SafeVarargs
    public MethodRegistry(String modality, MethodSpec<I, C, ?>... methods) {
        this.modality = modality;
        for (MethodSpec<I, C, ?> m : methods) {
            if (specs.put(m.name(), m) != null) {
                throw new IllegalStateException("method '" + m.name() + "' is registered twice");
            }
        }
    }

    /**
     * Adds a method at run time (a library's own method, without editing MixKit); the command line, presets
     * and {@code mixkit methods} see it from then on.
     *
     * @param method the method
     * @return this
     * @throws IllegalStateException if the name is taken
     */
    public synchronized MethodRegistry<I, C> register(MethodSpec<I, C, ?> method) {
        if (specs.containsKey(method.name())) {
            throw new IllegalStateException("method '" + method.name() + "' is registered already");
        }
        specs.put(method.name(), method);
        return this;
    }

    /**
     * Removes a method added by {@link #register} (a library unloading its own).
     *
     * @param name its name
     * @return whether it was registered
     */
    public synchronized boolean remove(String name) {
        return specs.remove(name) != null;
    }

    /** @return the method names, in registry order */
    public synchronized List<String> names() {
        return new ArrayList<>(specs.keySet());
    }

    /** @return the methods, in registry order */
    public synchronized List<MethodSpec<I, C, ?>> all() {
        return new ArrayList<>(specs.values());
    }

    /** @param name a name @return whether it is registered */
    public synchronized boolean contains(String name) {
        return specs.containsKey(name);
    }

    /**
     * @param name a method name
     * @return its spec
     * @throws IllegalArgumentException naming the known methods
     */
    public synchronized MethodSpec<I, C, ?> get(String name) {
        MethodSpec<I, C, ?> s = specs.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown " + modality + " method '" + name + "'; expected one of "
                    + String.join(", ", specs.keySet()));
        }
        return s;
    }

    /**
     * The method with its default options.
     *
     * @param name a method name
     * @param context what its factory needs
     * @return the strategy
     */
    public MixStrategy<I> create(String name, C context) {
        MethodSpec<I, C, ?> s = get(name);
        return s.create(s.defaults(), context);
    }

    /**
     * @param name a method name
     * @param layers overrides of its defaults, applied in order
     * @param context what its factory needs
     * @return the strategy
     */
    public MixStrategy<I> create(String name, List<MethodOptions.Layer> layers, C context) {
        MethodSpec<I, C, ?> s = get(name);
        return s.create(MethodOptions.bind(s, layers), context);
    }
}
