package io.mixkit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A model's parameters by name, in creation order, all living on the model's manager.
 *
 * <p>Names are the contract with the outside world: a text encoder uses the Hugging Face names
 * ({@code encoder.layer.0.attention.self.query.weight}), so every checkpoint maps one to one, and
 * the optimiser and checkpoint writer see the same names. Only parameters live on the model's
 * manager; per-step arrays belong in a per-step sub-manager.
 */
public final class NamedParameters {

    private final NDManager manager;
    private final Map<String, NDArray> params = new LinkedHashMap<>();

    /** @param manager the manager that owns the parameters (the model's) */
    public NamedParameters(NDManager manager) {
        this.manager = manager;
    }

    /**
     * Creates a parameter drawn from {@code Normal(0, std)}, as BERT and most classifiers initialise weights.
     *
     * @param name unique name
     * @param std standard deviation
     * @param shape its shape
     * @return the new array
     */
    public NDArray normal(String name, float std, long... shape) {
        return add(name, manager.randomNormal(0f, std, new Shape(shape), DataType.FLOAT32));
    }

    /**
     * Creates a parameter filled with a constant (1 for LayerNorm weights, 0 for biases).
     *
     * @param name unique name
     * @param value the fill value
     * @param shape its shape
     * @return the new array
     */
    public NDArray constant(String name, float value, long... shape) {
        return add(name, manager.full(new Shape(shape), value, DataType.FLOAT32));
    }

    private NDArray add(String name, NDArray array) {
        if (params.containsKey(name)) {
            throw new IllegalArgumentException("parameter '" + name + "' is defined twice");
        }
        array.setName(name);
        params.put(name, array);
        return array;
    }

    /**
     * @param name a parameter name
     * @return the parameter
     * @throws IllegalArgumentException naming the parameter if it does not exist
     */
    public NDArray get(String name) {
        NDArray a = params.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'");
        }
        return a;
    }

    /** @param name a parameter name @return whether it exists */
    public boolean contains(String name) {
        return params.containsKey(name);
    }

    /** @return the names in creation order */
    public Set<String> names() {
        return Collections.unmodifiableSet(params.keySet());
    }

    /** @return name to array, in creation order (read-only view) */
    public Map<String, NDArray> asMap() {
        return Collections.unmodifiableMap(params);
    }

    /** @return the total number of scalar parameters */
    public long count() {
        long n = 0;
        for (NDArray a : params.values()) {
            n += a.getShape().size();
        }
        return n;
    }

    /** @return the manager that owns the parameters */
    public NDManager manager() {
        return manager;
    }

    /**
     * Turns gradient recording on or off for every parameter.
     *
     * @param requiresGradient whether backward should fill the parameters' gradients
     */
    public void setRequiresGradient(boolean requiresGradient) {
        for (NDArray a : params.values()) {
            a.setRequiresGradient(requiresGradient);
        }
    }
}
