package io.mixkit.text;

import ai.djl.Model;
import ai.djl.modality.Classifications;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import ai.djl.translate.TranslatorFactory;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DJL's idiom for a folder written by {@code mixkit export}: a {@link TranslatorFactory} for
 * {@code String -> Classifications}, so the exported classifier loads through {@code Criteria} on DJL's ONNX
 * Runtime engine and serves with a standard {@code Predictor} (every class's probability, {@code batchPredict}
 * padding a batch to its longest text).
 *
 * <pre>{@code
 * Criteria<String, Classifications> criteria = Criteria.builder()
 *         .setTypes(String.class, Classifications.class)
 *         .optModelPath(Path.of("runs/tmix/onnx"))          // the export folder
 *         .optEngine("OnnxRuntime")
 *         .optTranslatorFactory(new ClassifierTranslatorFactory())
 *         .build();
 * try (ZooModel<String, Classifications> model = criteria.loadModel();
 *      Predictor<String, Classifications> predictor = model.newPredictor()) {
 *     Classifications c = predictor.predict("What a wonderful phone.");
 * }
 * }</pre>
 *
 * The texts are tokenized by the folder's {@code tokenizer.json} exactly as {@code mixkit predict} does (cut
 * at the checkpoint's token budget, {@code export.json}'s {@code max_length}).
 */
public final class ClassifierTranslatorFactory implements TranslatorFactory {

    @Override
    public Set<Pair<Type, Type>> getSupportedTypes() {
        return Set.of(new Pair<>(String.class, Classifications.class));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <I, O> Translator<I, O> newInstance(Class<I> input, Class<O> output, Model model, Map<String, ?> arguments) {
        if (!isSupported(input, output)) {
            throw new IllegalArgumentException("ClassifierTranslatorFactory translates String to Classifications, not "
                    + input.getSimpleName() + " to " + output.getSimpleName());
        }
        return (Translator<I, O>) new ClassifierTranslator(model.getModelPath());
    }

    /** String in, every class's probability out; the exported graph's second output is the softmax. */
    static final class ClassifierTranslator implements Translator<String, Classifications> {

        private final TextTokenizer tokenizer;
        private final List<String> labels;
        private final int maxLength;

        ClassifierTranslator(Path dir) {
            Path export = dir.resolve("export.json");
            if (!Files.isRegularFile(export)) {
                throw new IllegalArgumentException(dir + ": not a folder written by mixkit export (no export.json)");
            }
            try {
                JsonNode e = new ObjectMapper().readTree(export.toFile());
                List<String> names = new ArrayList<>();
                e.path("labels").forEach(l -> names.add(l.asText()));
                labels = List.copyOf(names);
                maxLength = e.path("max_length").asInt(256);
                tokenizer = TextTokenizer.fromTokenizerJson(dir.resolve("tokenizer.json"));
            } catch (IOException ex) {
                throw new UncheckedIOException(dir + ": cannot read the export folder", ex);
            }
        }

        @Override
        public NDList processInput(TranslatorContext ctx, String text) {
            EncodedBatch b = tokenizer.encode(List.of(text), maxLength);
            NDManager m = ctx.getNDManager();
            return new NDList(named(m.create(b.inputIds()[0]), "input_ids"), named(m.create(b.attentionMask()[0]),
                    "attention_mask"), named(m.create(b.tokenTypeIds()[0]), "token_type_ids"));
        }

        private static NDArray named(NDArray a, String name) {
            a.setName(name);
            return a;
        }

        @Override
        public Classifications processOutput(TranslatorContext ctx, NDList list) {
            float[] p = list.get(1).toFloatArray(); // "probabilities"
            List<Double> probs = new ArrayList<>();
            for (float v : p) {
                probs.add((double) v);
            }
            return new Classifications(labels, probs);
        }

        @Override
        public Batchifier getBatchifier() {
            return new PadToLongest();
        }
    }

    /** Stacks rows of token arrays, padding each to the longest with 0 (mask 0: ignored by the graph). */
    static final class PadToLongest implements Batchifier {

        private static final long serialVersionUID = 1L;

        @Override
        public NDList batchify(NDList[] inputs) {
            NDManager m = inputs[0].get(0).getManager();
            NDList out = new NDList();
            for (int k = 0; k < inputs[0].size(); k++) {
                int longest = 0;
                for (NDList in : inputs) {
                    longest = Math.max(longest, (int) in.get(k).size());
                }
                long[][] rows = new long[inputs.length][longest];
                for (int i = 0; i < inputs.length; i++) {
                    long[] v = inputs[i].get(k).toLongArray();
                    System.arraycopy(v, 0, rows[i], 0, v.length);
                }
                NDArray a = m.create(rows);
                a.setName(inputs[0].get(k).getName());
                out.add(a);
            }
            return out;
        }

        @Override
        public NDList[] unbatchify(NDList inputs) {
            int n = (int) inputs.get(0).getShape().get(0);
            NDList[] rows = new NDList[n];
            for (int i = 0; i < n; i++) {
                rows[i] = new NDList();
            }
            for (NDArray a : inputs) {
                long width = a.getShape().size() / n;
                float[] v = a.toFloatArray();
                for (int i = 0; i < n; i++) {
                    float[] row = new float[(int) width];
                    System.arraycopy(v, (int) (i * width), row, 0, (int) width);
                    rows[i].add(a.getManager().create(row));
                }
            }
            return rows;
        }
    }
}
