package io.mixkit.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mixkit.MixKitRuntime;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Word-piece tokenisation of text batches, with padding to the longest row and truncation.
 *
 * <p>Backed by DJL's Hugging Face tokenizers (Rust), loaded from a {@code tokenizer.json} or built
 * from a BERT {@code vocab.txt} (BertNormalizer with optional lower-casing, BertPreTokenizer,
 * WordPiece with {@code ##} continuations, {@code [CLS] A [SEP] B [SEP]} post-processing).
 */
public final class TextTokenizer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HuggingFaceTokenizer tokenizer;
    private final byte[] tokenizerJson;
    private final long padId;
    private final long sepId;

    private TextTokenizer(byte[] tokenizerJson, String what) throws IOException {
        MixKitRuntime.init();
        this.tokenizerJson = tokenizerJson;
        // The model jars' tokenizer.json fixes padding/truncation to 128: override both explicitly.
        Map<String, String> options = Map.of(
                "addSpecialTokens", "true",
                "padding", "false",
                "truncation", "false");
        try (InputStream in = new ByteArrayInputStream(tokenizerJson)) {
            this.tokenizer = HuggingFaceTokenizer.newInstance(in, options);
        } catch (RuntimeException e) {
            throw new IOException(what + ": not a usable tokenizer.json (" + e.getMessage() + ")", e);
        }
        try {
            this.padId = tokenId("[PAD]");
            this.sepId = tokenId("[SEP]");
        } catch (IllegalArgumentException e) {
            tokenizer.close();
            throw new IOException(what + ": not a BERT tokenizer (" + e.getMessage() + ")", e);
        }
    }

    /**
     * @param tokenizerJson a Hugging Face {@code tokenizer.json}
     * @return the tokenizer
     * @throws IOException naming the file if it is missing or unusable
     */
    public static TextTokenizer fromTokenizerJson(Path tokenizerJson) throws IOException {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new IOException(tokenizerJson + ": tokenizer file not found");
        }
        return new TextTokenizer(Files.readAllBytes(tokenizerJson), tokenizerJson.toString());
    }

    /**
     * Builds a BERT WordPiece tokenizer from a {@code vocab.txt} (one token per line, id = line number).
     *
     * @param vocabTxt the vocabulary
     * @param lowercase whether to lower-case and strip accents (uncased models)
     * @return the tokenizer
     * @throws IOException naming the file if it is missing or lacks the special tokens
     */
    public static TextTokenizer fromVocab(Path vocabTxt, boolean lowercase) throws IOException {
        if (!Files.isRegularFile(vocabTxt)) {
            throw new IOException(vocabTxt + ": vocabulary file not found");
        }
        List<String> lines = Files.readAllLines(vocabTxt, StandardCharsets.UTF_8);
        ObjectNode vocab = JSON.createObjectNode();
        for (int i = 0; i < lines.size(); i++) {
            String tok = lines.get(i).strip();
            if (!vocab.has(tok)) {
                vocab.put(tok, i);
            }
        }
        for (String special : List.of("[CLS]", "[SEP]", "[UNK]", "[PAD]", "[MASK]")) {
            if (!vocab.has(special)) {
                throw new IOException(vocabTxt + ": not a BERT vocabulary (no " + special + " token)");
            }
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (String special : List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")) {
            ObjectNode t = added.addObject();
            t.put("id", vocab.get(special).asInt());
            t.put("content", special);
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
        }
        ObjectNode norm = root.putObject("normalizer");
        norm.put("type", "BertNormalizer");
        norm.put("clean_text", true);
        norm.put("handle_chinese_chars", true);
        if (lowercase) {
            norm.putNull("strip_accents");
        } else {
            norm.put("strip_accents", false);
        }
        norm.put("lowercase", lowercase);
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        ObjectNode post = root.putObject("post_processor");
        post.put("type", "BertProcessing");
        post.putArray("sep").add("[SEP]").add(vocab.get("[SEP]").asInt());
        post.putArray("cls").add("[CLS]").add(vocab.get("[CLS]").asInt());
        ObjectNode dec = root.putObject("decoder");
        dec.put("type", "WordPiece");
        dec.put("prefix", "##");
        dec.put("cleanup", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "WordPiece");
        model.put("unk_token", "[UNK]");
        model.put("continuing_subword_prefix", "##");
        model.put("max_input_chars_per_word", 100);
        model.set("vocab", vocab);
        return new TextTokenizer(JSON.writeValueAsBytes(root), vocabTxt.toString());
    }

    /**
     * Tokenises single texts into a batch padded to its longest row.
     *
     * @param texts the texts
     * @param maxLength the longest row in tokens, special tokens included; longer texts are cut
     *     (and counted in {@link EncodedBatch#truncated()})
     * @return the batch
     */
    public EncodedBatch encode(List<String> texts, int maxLength) {
        Encoding[] enc = tokenizer.batchEncode(texts.toArray(new String[0]));
        return pad(enc, maxLength);
    }

    /**
     * Tokenises sentence pairs ({@code [CLS] a [SEP] b [SEP]}, type ids 0 then 1). A pair longer
     * than {@code maxLength} is cut at its end (the second sentence first), keeping a closing
     * {@code [SEP]}.
     *
     * @param first first sentences
     * @param second second sentences
     * @param maxLength longest row in tokens
     * @return the batch
     */
    public EncodedBatch encodePairs(List<String> first, List<String> second, int maxLength) {
        if (first.size() != second.size()) {
            throw new IllegalArgumentException("sentence pairs: " + first.size() + " first and "
                    + second.size() + " second sentences");
        }
        Encoding[] enc = new Encoding[first.size()];
        for (int i = 0; i < enc.length; i++) {
            enc[i] = tokenizer.encode(first.get(i), second.get(i));
        }
        return pad(enc, maxLength);
    }

    private EncodedBatch pad(Encoding[] enc, int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maximum length must be at least 2 tokens, got " + maxLength);
        }
        int longest = 0;
        boolean[] truncated = new boolean[enc.length];
        for (int i = 0; i < enc.length; i++) {
            longest = Math.max(longest, Math.min(enc[i].getIds().length, maxLength));
            truncated[i] = enc[i].getIds().length > maxLength;
        }
        long pad = padId;
        long sep = sepId;
        long[][] ids = new long[enc.length][longest];
        long[][] mask = new long[enc.length][longest];
        long[][] types = new long[enc.length][longest];
        for (int i = 0; i < enc.length; i++) {
            long[] id = enc[i].getIds();
            long[] ty = enc[i].getTypeIds();
            int n = Math.min(id.length, maxLength);
            java.util.Arrays.fill(ids[i], pad);
            System.arraycopy(id, 0, ids[i], 0, n);
            System.arraycopy(ty, 0, types[i], 0, n);
            if (id.length > maxLength) {
                ids[i][n - 1] = sep; // keep the closing [SEP] that BERT was trained with
            }
            java.util.Arrays.fill(mask[i], 0, n, 1L);
        }
        return new EncodedBatch(ids, mask, types, truncated);
    }

    /**
     * @param token a vocabulary entry such as {@code [MASK]}
     * @return its id
     * @throws IllegalArgumentException if the vocabulary lacks it
     */
    public long tokenId(String token) {
        Encoding e = tokenizer.encode(token, false, false);
        long[] ids = e.getIds();
        if (ids.length != 1) {
            throw new IllegalArgumentException("token '" + token + "' is not a single vocabulary entry");
        }
        return ids[0];
    }

    /** @return the id of {@code [PAD]} */
    public long padId() {
        return padId;
    }

    /**
     * @param id a token id
     * @return its vocabulary string
     */
    public String token(long id) {
        return tokenizer.decode(new long[] {id}, false).strip();
    }

    /**
     * @param ids token ids
     * @return the text they spell, special tokens and padding left out
     */
    public String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    /** @return the {@code tokenizer.json} this tokenizer was built from (to save next to a model) */
    public byte[] tokenizerJson() {
        return tokenizerJson.clone();
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
