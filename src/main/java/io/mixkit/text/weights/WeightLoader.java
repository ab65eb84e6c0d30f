package io.mixkit.text.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.mixkit.train.NamedParameters;

import io.mixkit.train.io.StoredTensor;
import io.mixkit.train.io.TensorSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Copies tensors from a {@link TensorSource} into a model's parameters, natively (the file is
 * memory-mapped and each tensor is copied into its parameter's storage; nothing passes through the
 * Java heap).
 *
 * <p>Every parameter must be found with the right shape, except those under an allowed-missing
 * prefix (a freshly initialised classification head, say). Tensors the model has no parameter for
 * are listed as unexpected.
 */
public final class WeightLoader {

    private WeightLoader() {}

    /**
     * What a load did.
     *
     * @param loaded parameters filled from the source
     * @param missingAllowed parameters left at their initial values because they were allowed to be
     * @param unexpected source tensors that no parameter took
     */
    public record Report(List<String> loaded, List<String> missingAllowed, List<String> unexpected) {}

    /**
     * @param source the opened weights
     * @param params the model's parameters (filled in place)
     * @param allowedMissingPrefixes name prefixes that may be absent from the source
     * @return the report
     * @throws IOException listing, by name, every missing and every wrong-shape tensor
     */
    public static Report load(TensorSource source, NamedParameters params, Set<String> allowedMissingPrefixes)
            throws IOException {
        Map<String, StoredTensor> tensors = source.tensors();
        List<String> missing = new ArrayList<>();
        List<String> wrongShape = new ArrayList<>();
        List<String> loaded = new ArrayList<>();
        List<String> allowed = new ArrayList<>();
        for (String name : params.names()) {
            StoredTensor t = tensors.get(name);
            if (t == null) {
                if (allowedMissingPrefixes.stream().anyMatch(name::startsWith)) {
                    allowed.add(name);
                } else {
                    missing.add(name);
                }
                continue;
            }
            long[] want = params.get(name).getShape().getShape();
            if (!Arrays.equals(want, t.shape())) {
                wrongShape.add(name + " (file " + Arrays.toString(t.shape()) + ", model " + Arrays.toString(want) + ")");
            }
        }
        if (!missing.isEmpty() || !wrongShape.isEmpty()) {
            StringBuilder msg = new StringBuilder(source.description()).append(": weights do not fit the model:");
            if (!missing.isEmpty()) {
                msg.append(" missing ").append(missing.size()).append(' ').append(abbreviate(missing)).append(';');
            }
            if (!wrongShape.isEmpty()) {
                msg.append(" wrong shape ").append(abbreviate(wrongShape)).append(';');
            }
            throw new IOException(msg.substring(0, msg.length() - 1));
        }
        try (NDManager scratch = params.manager().newSubManager()) {
            for (String name : params.names()) {
                StoredTensor t = tensors.get(name);
                if (t == null) {
                    continue;
                }
                try (NDManager one = scratch.newSubManager()) {
                    NDArray src = t.toFloat32(one);
                    params.get(name).set(new NDIndex(":"), src);
                }
                loaded.add(name);
            }
        }
        Set<String> unexpected = new TreeSet<>(tensors.keySet());
        unexpected.removeAll(params.names());
        return new Report(loaded, allowed, new ArrayList<>(unexpected));
    }

    private static String abbreviate(List<String> names) {
        if (names.size() <= 6) {
            return names.toString();
        }
        return names.subList(0, 6) + " and " + (names.size() - 6) + " more";
    }
}
