package io.mixkit.text;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mixkit.MixKitRuntime;
import io.mixkit.text.weights.OnnxWeights;
import io.mixkit.train.io.SafetensorsFile;
import io.mixkit.train.io.SafetensorsWriter;
import io.mixkit.train.io.TensorSource;
import io.mixkit.text.weights.TfBundleWeights;
import io.mixkit.text.weights.WeightLoader;
import io.mixkit.text.weights.WeightNames;
import io.mixkit.train.NamedParameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A pretrained text encoder ready to use: its config, parameters (on their own manager), tokenizer
 * and, when asked for, its masked-LM head.
 *
 * <p>{@link #load} takes a catalogue name ({@code minilm-l6}, {@code bert-base-uncased}, ...) or a
 * local path: a Hugging Face directory ({@code config.json} + {@code model.safetensors} +
 * {@code tokenizer.json} or {@code vocab.txt}), a directory with an ONNX file, a TensorFlow bundle
 * directory ({@code variables/}), or an {@code .onnx} file. {@link #save} writes a Hugging Face
 * directory that loads back to the same outputs.
 */
public final class TextModel implements AutoCloseable {

    private final NDManager manager;
    private final BertEncoder encoder;
    private final MaskedLmHead mlmHead;
    private final TextTokenizer tokenizer;
    private final WeightLoader.Report report;
    private final String source;

    private TextModel(NDManager manager, BertEncoder encoder, MaskedLmHead mlmHead, TextTokenizer tokenizer,
                      WeightLoader.Report report, String source) {
        this.manager = manager;
        this.encoder = encoder;
        this.mlmHead = mlmHead;
        this.tokenizer = tokenizer;
        this.report = report;
        this.source = source;
    }

    /**
     * Loads a model by catalogue name or path.
     *
     * @param nameOrPath a name from {@code models/catalogue.json} or a local directory or file
     * @param withMlmHead whether to load the masked-LM head as well (BERT-base has one; ONNX exports do not)
     * @return the loaded model
     * @throws IOException naming the model, file or tensor that is missing or unusable
     */
    public static TextModel load(String nameOrPath, boolean withMlmHead) throws IOException {
        MixKitRuntime.init();
        Path path = Paths.get(nameOrPath);
        if (Files.exists(path)) {
            return fromPath(path, withMlmHead);
        }
        ModelCatalogue.Entry entry = ModelCatalogue.find(nameOrPath).orElseThrow(() -> new IOException(
                "unknown model '" + nameOrPath + "': no such file or directory, and not a catalogue name ("
                        + ModelCatalogue.names() + ")"));
        return fromPath(ModelFetcher.resolve(entry), withMlmHead);
    }

    private static TextModel fromPath(Path path, boolean withMlmHead) throws IOException {
        Path dir = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        try (TensorSource weights = openWeights(path)) {
            BertConfig config = Files.isRegularFile(dir.resolve("config.json"))
                    ? BertConfig.read(dir.resolve("config.json"))
                    : BertConfig.inferFrom(shapes(weights), weights.numHeadsHint());
            TextTokenizer tokenizer = openTokenizer(dir, path);
            NDManager manager = NDManager.newBaseManager();
            try {
                BertEncoder encoder = new BertEncoder(config, new NamedParameters(manager));
                MaskedLmHead head = null;
                if (withMlmHead) {
                    if (weights.tensors().keySet().stream().noneMatch(n -> n.startsWith("cls.predictions."))) {
                        throw new IOException(weights.description()
                                + ": has no masked-LM head (cls.predictions.*); fill-mask needs a model such as bert-base-uncased");
                    }
                    head = new MaskedLmHead(encoder);
                }
                WeightLoader.Report report = WeightLoader.load(weights, encoder.parameters(), Set.of());
                return new TextModel(manager, encoder, head, tokenizer, report, weights.description());
            } catch (IOException | RuntimeException e) {
                manager.close();
                tokenizer.close();
                throw e;
            }
        }
    }

    private static Map<String, long[]> shapes(TensorSource weights) {
        Map<String, long[]> shapes = new HashMap<>();
        weights.tensors().forEach((n, t) -> shapes.put(n, t.shape()));
        return shapes;
    }

    private static TensorSource openWeights(Path path) throws IOException {
        if (Files.isRegularFile(path)) {
            String n = path.getFileName().toString();
            if (n.endsWith(".onnx")) {
                return OnnxWeights.open(path);
            }
            if (n.endsWith(".safetensors")) {
                return SafetensorsFile.open(path, WeightNames::toHuggingFace);
            }
            throw new IOException(path + ": not a model file (expected .onnx or .safetensors, or a model directory)");
        }
        if (Files.isRegularFile(path.resolve("model.safetensors"))) {
            return SafetensorsFile.open(path.resolve("model.safetensors"), WeightNames::toHuggingFace);
        }
        List<Path> onnx;
        try (Stream<Path> s = Files.list(path)) {
            onnx = s.filter(p -> p.getFileName().toString().endsWith(".onnx")).sorted().toList();
        }
        if (onnx.size() == 1) {
            return OnnxWeights.open(onnx.get(0));
        }
        if (onnx.size() > 1) {
            throw new IOException(path + ": holds several .onnx files " + onnx.stream().map(Path::getFileName).toList()
                    + "; pass the one to load");
        }
        if (Files.isRegularFile(path.resolve("variables").resolve("variables.index"))) {
            return TfBundleWeights.open(path.resolve("variables"));
        }
        if (Files.isRegularFile(path.resolve("pytorch_model.bin"))) {
            throw new IOException(path + ": pytorch_model.bin (Python pickle) cannot be read safely here; "
                    + "save the model as model.safetensors");
        }
        throw new IOException(path + ": no weights found (expected model.safetensors, an .onnx file or variables/variables.index)");
    }

    private static TextTokenizer openTokenizer(Path dir, Path path) throws IOException {
        if (Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            return TextTokenizer.fromTokenizerJson(dir.resolve("tokenizer.json"));
        }
        if (Files.isRegularFile(path)) {
            String stem = path.getFileName().toString().replaceFirst("\\.[^.]+$", "");
            Path sibling = dir.resolve(stem + "-tokenizer.json");
            if (Files.isRegularFile(sibling)) {
                return TextTokenizer.fromTokenizerJson(sibling);
            }
        }
        if (Files.isRegularFile(dir.resolve("vocab.txt"))) {
            return TextTokenizer.fromVocab(dir.resolve("vocab.txt"), lowercase(dir));
        }
        throw new IOException(dir + ": no tokenizer (expected tokenizer.json or vocab.txt next to the weights)");
    }

    /** {@code do_lower_case} from tokenizer_config.json, else: uncased if no vocabulary word has an ASCII capital. */
    private static boolean lowercase(Path dir) throws IOException {
        Path cfg = dir.resolve("tokenizer_config.json");
        if (Files.isRegularFile(cfg)) {
            JsonNode n = new ObjectMapper().readTree(cfg.toFile());
            if (n.has("do_lower_case")) {
                return n.get("do_lower_case").asBoolean();
            }
        }
        try (Stream<String> lines = Files.lines(dir.resolve("vocab.txt"))) {
            // Uncased vocabularies still hold a few symbols such as ℝ; cased ones have "The", "A", ...
            return lines.filter(l -> !l.startsWith("[")).noneMatch(l -> l.chars().anyMatch(c -> c >= 'A' && c <= 'Z'));
        }
    }

    /**
     * Writes a Hugging Face directory: {@code config.json}, {@code model.safetensors} (every
     * parameter, float32) and {@code tokenizer.json}.
     *
     * @param dir the destination (created if needed)
     * @throws IOException if it cannot be written
     */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        encoder.config().write(dir.resolve("config.json"));
        SafetensorsWriter.write(dir.resolve("model.safetensors"), encoder.parameters().asMap(),
                Map.of("format", "pt", "producer", "mixkit"));
        Files.write(dir.resolve("tokenizer.json"), tokenizer.tokenizerJson());
    }

    /** @return the encoder */
    public BertEncoder encoder() {
        return encoder;
    }

    /** @return the masked-LM head, or null if not loaded */
    public MaskedLmHead mlmHead() {
        return mlmHead;
    }

    /** @return the tokenizer */
    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    /** @return the model's manager (owns the parameters) */
    public NDManager manager() {
        return manager;
    }

    /** @return what the weight load did (unexpected tensors, for instance) */
    public WeightLoader.Report loadReport() {
        return report;
    }

    /** @return where the weights came from */
    public String source() {
        return source;
    }

    @Override
    public void close() {
        tokenizer.close();
        manager.close();
    }
}
