package io.mixkit.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.mixkit.train.io.SafetensorsWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Save as a Hugging Face directory, load back: the same outputs; half-precision and prefixed names load too. */
class HuggingFaceDirectoryTest {

    static TextModel original;
    static EncodedBatch batch;
    static float[] reference;

    @BeforeAll
    static void load() throws Exception {
        original = TextModel.load("minilm-l6", false);
        batch = original.tokenizer().encode(OnnxRuntimeParityTest.SENTENCES, 64);
        try (NDManager m = NDManager.newBaseManager()) {
            reference = original.encoder().forward(batch, m, false).value().toFloatArray();
        }
    }

    @AfterAll
    static void close() {
        original.close();
    }

    static double maxDiff(TextModel model) {
        try (NDManager m = NDManager.newBaseManager()) {
            EncodedBatch b = model.tokenizer().encode(OnnxRuntimeParityTest.SENTENCES, 64);
            assertArrayEquals(batch.inputIds(), b.inputIds(), "the saved tokenizer must give the same ids");
            float[] out = model.encoder().forward(b, m, false).value().toFloatArray();
            double max = 0;
            for (int i = 0; i < out.length; i++) {
                max = Math.max(max, Math.abs(out[i] - reference[i]));
            }
            return max;
        }
    }

    @Test
    void savedDirectoryLoadsBackIdentical(@TempDir Path dir) throws Exception {
        original.save(dir);
        assertTrue(Files.isRegularFile(dir.resolve("config.json")));
        assertTrue(Files.isRegularFile(dir.resolve("model.safetensors")));
        assertTrue(Files.isRegularFile(dir.resolve("tokenizer.json")));
        try (TextModel back = TextModel.load(dir.toString(), false)) {
            assertEquals(original.encoder().config(), back.encoder().config());
            assertEquals(0.0, maxDiff(back), "float32 round trip must be exact");
        }
    }

    @Test
    void halfPrecisionWithBertPrefixAndVocabTxtLoads(@TempDir Path dir) throws Exception {
        // A directory shaped like a BertForSequenceClassification checkpoint: 'bert.' names, F16/BF16
        // data, vocab.txt instead of tokenizer.json, no config.json (inferred from shapes).
        for (DataType type : new DataType[] {DataType.FLOAT16, DataType.BFLOAT16}) {
            Path d = Files.createDirectories(dir.resolve(type.name()));
            Map<String, NDArray> prefixed = new LinkedHashMap<>();
            original.encoder().parameters().asMap().forEach((n, a) -> prefixed.put("bert." + n, a));
            SafetensorsWriter.write(d.resolve("model.safetensors"), prefixed, Map.of(), type);
            Files.writeString(d.resolve("vocab.txt"), vocabOf(original));
            Files.writeString(d.resolve("config.json"), "{\"vocab_size\": 30522, \"hidden_size\": 384, "
                    + "\"num_hidden_layers\": 6, \"num_attention_heads\": 12, \"intermediate_size\": 1536}");
            try (TextModel back = TextModel.load(d.toString(), false)) {
                double diff = maxDiff(back);
                System.out.println(type + ": max abs difference to float32 " + diff);
                // bf16 keeps 8 bits of mantissa, fp16 11: measured 0.12 and 0.007 on values up to 6.
                assertTrue(diff > 0 && diff < (type == DataType.FLOAT16 ? 0.02 : 0.25), type + ": " + diff);
            }
        }
    }

    /** The MiniLM tokenizer.json's WordPiece vocabulary written out as vocab.txt (id = line). */
    static String vocabOf(TextModel m) throws Exception {
        var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(m.tokenizer().tokenizerJson());
        var vocab = root.path("model").path("vocab");
        String[] lines = new String[vocab.size()];
        vocab.fields().forEachRemaining(e -> lines[e.getValue().asInt()] = e.getKey());
        return String.join("\n", lines) + "\n";
    }
}
