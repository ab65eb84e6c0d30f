package io.mixkit.cli;

import static io.mixkit.cli.CliErrorsTest.assertOneLineError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mixkit.text.BertConfig;
import io.mixkit.text.data.EmbeddedDatasets;
import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to every command is one line naming the option, file or row, before any model loads.
 * The README's "Bad input" table is run row by row; the tests below cover each class of input.
 *
 * <p>Rows run in a folder of small fixtures (the file names in the table); train rows without
 * {@code --out} get {@code --out run}. A model that does not exist in the catalogue or a folder that
 * holds only {@code config.json} stands in for the model wherever a row would otherwise load one, so
 * a check that ran after loading would fail with another message.
 */
class BadInputTest {

    @TempDir
    static Path fx;

    static final Set<String> ALWAYS_PATHS = Set.of("--train", "--valid", "--test", "--out", "--checkpoint", "--report",
            "--in", "--unlabeled", "--raw");
    static final Set<String> MAYBE_PATHS = Set.of("--preset", "--augment", "--model", "--data");

    @BeforeAll
    static void fixtures() throws Exception {
        List<String> train = Files.readAllLines(EmbeddedDatasets.defaultSplit("train"));
        List<String> test = Files.readAllLines(EmbeddedDatasets.defaultSplit("test"));
        Files.write(fx.resolve("train.csv"), train.subList(0, 41));
        Files.write(fx.resolve("test.csv"), test.subList(0, 21));
        write("empty.csv", "");
        write("header-only.csv", "text,label\n");
        write("notes.txt", "a text file\n");
        write("file", "not a folder\n");
        write("bad-row.csv", "text,label\nGood.,positive\nBad,\"negative\n");
        write("bad.tsv", "text\tlabel\nfine\tpositive\nno tab here\n");
        write("bad.jsonl", "{\"text\": \"ok\", \"label\": \"positive\"}\n{\"text\": \"broken\"\n");
        write("no-text-column.csv", "sentence,label\nok,positive\nbad,negative\n");
        write("unseen-label.csv", "text,label\nGood.,positive\nSo so.,neutral\n");
        write("unlabeled.txt", "an unlabeled text\nanother one\n");
        write("broken.json", "{\"alpha\": 0.4,}");
        write("neg-alpha.json", "{\"mix\": {\"alpha\": -1}}");
        write("typo.json", "{\"alhpa\": 2}");
        write("epochs-string.json", "{\"epochs\": \"many\"}");
        write("list.json", "[0.4, 2]");
        write("methods-typo.json", "{\"methods\": {\"tmixx\": {\"alpha\": 2}}}");
        write("method-key-typo.json", "{\"methods\": {\"tmix\": {\"alhpa\": 2}}}");
        Files.createDirectories(fx.resolve("folder"));
        // A model folder with only its config: its depth can be read, loading it would fail.
        Path config = Files.createDirectories(fx.resolve("config-only"));
        BertConfig six = new BertConfig(30522, 384, 6, 12, 1536, 512, 2, 1e-12f, "gelu", 0.1f, 0.1f);
        six.write(config.resolve("config.json"));
        // Text checkpoints: one that passes the checks (its weights are not real), and broken ones.
        Path ckpt = Files.createDirectories(fx.resolve("ckpt"));
        six.write(ckpt.resolve("config.json"));
        write("ckpt/mixkit.json", "{\"format\": \"mixkit-text-classifier\", \"pooling\": \"mean\", \"max_length\": 16,"
                + " \"labels\": [\"negative\", \"positive\"]}");
        write("ckpt/model.safetensors", "not loaded by the checks");
        Files.createDirectories(fx.resolve("ckpt-bad-json"));
        write("ckpt-bad-json/mixkit.json", "{\"format\": ");
        Files.createDirectories(fx.resolve("ckpt-one-label"));
        write("ckpt-one-label/mixkit.json", "{\"format\": \"mixkit-text-classifier\", \"labels\": [\"positive\"]}");
        Files.createDirectories(fx.resolve("ckpt-no-weights"));
        six.write(fx.resolve("ckpt-no-weights/config.json"));
        Files.copy(ckpt.resolve("mixkit.json"), fx.resolve("ckpt-no-weights/mixkit.json"));
        Files.createDirectories(fx.resolve("image-ckpt"));
        write("image-ckpt/config.json", "{\"arch\": \"resnet-small\", \"channels\": 1, \"side\": 32, \"classes\": [\"a\", \"b\"],"
                + " \"mean\": [0.2, 0.3], \"std\": [0.3]}");
        Files.createDirectories(fx.resolve("image-ckpt-ab"));
        write("image-ckpt-ab/config.json", "{\"arch\": \"resnet-small\", \"channels\": 1, \"side\": 32, \"classes\": [\"a\", \"b\"],"
                + " \"mean\": [0.2], \"std\": [0.3]}");
        write("image-ckpt-ab/model.safetensors", "not loaded by the checks");
        idx("idx-bad", 0x0BAD, 10, 10);
        idx("idx-mismatch", 0x803, 10, 9);
        images("images-odd");
        images("images");
        Files.delete(fx.resolve("images/train/Bag/odd.png"));
        Files.createDirectories(fx.resolve("run"));
    }

    static void write(String name, String content) throws Exception {
        Files.writeString(fx.resolve(name), content, StandardCharsets.UTF_8);
    }

    /** IDX files of 28x28 images: a magic number, and how many images and labels. */
    static void idx(String name, int magic, int images, int labels) throws Exception {
        Path dir = Files.createDirectories(fx.resolve(name));
        for (String split : new String[] {"train", "t10k"}) {
            try (DataOutputStream o = new DataOutputStream(new GZIPOutputStream(
                    Files.newOutputStream(dir.resolve(split + "-images-idx3-ubyte.gz"))))) {
                o.writeInt(magic);
                o.writeInt(images);
                o.writeInt(28);
                o.writeInt(28);
                o.write(new byte[images * 784]);
            }
            try (DataOutputStream o = new DataOutputStream(new GZIPOutputStream(
                    Files.newOutputStream(dir.resolve(split + "-labels-idx1-ubyte.gz"))))) {
                o.writeInt(0x801);
                o.writeInt(labels);
                o.write(new byte[labels]);
            }
        }
    }

    /** An image folder whose train/Bag holds one 30x28 image among 28x28 ones. */
    static void images(String name) throws Exception {
        for (String split : new String[] {"train", "test"}) {
            for (String cls : new String[] {"Bag", "Coat"}) {
                Path d = Files.createDirectories(fx.resolve(name).resolve(split).resolve(cls));
                for (int i = 0; i < 2; i++) {
                    ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), "png", d.resolve(i + ".png").toFile());
                }
            }
        }
        ImageIO.write(new BufferedImage(30, 28, BufferedImage.TYPE_BYTE_GRAY), "png",
                fx.resolve(name).resolve("train/Bag/odd.png").toFile());
    }

    /** Runs a command line whose file names are those of the fixtures; returns stderr without the fixture folder. */
    static CliErrorsTest.Result run(String line) {
        List<String> args = new ArrayList<>(Arrays.asList(line.trim().split("\\s+")));
        for (int i = 1; i < args.size(); i++) {
            String opt = args.get(i - 1);
            String v = args.get(i);
            boolean path = ALWAYS_PATHS.contains(opt) || MAYBE_PATHS.contains(opt)
                    && (Files.exists(fx.resolve(v)) || v.startsWith("missing") || v.endsWith(".json") || v.endsWith(".jsonl"));
            if (path) {
                args.set(i, fx.resolve(v).toString());
            }
        }
        if (args.get(0).equals("train") && !args.contains("--out")) {
            args.addAll(List.of("--out", fx.resolve("run").toString()));
        }
        CliErrorsTest.Result r = CliErrorsTest.run("", args.toArray(new String[0]));
        String prefix = fx.toAbsolutePath() + java.io.File.separator;
        return new CliErrorsTest.Result(r.code(), r.out(), r.err().replace(prefix, ""));
    }

    static void assertMessage(String line, String message) {
        CliErrorsTest.Result r = run(line);
        assertOneLineError(r);
        assertEquals(message, r.err().strip(), line);
    }

    /** The rows of the README's "Bad input" table: command, input, message (then what it did before). */
    static List<String[]> readmeRows() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("README.md"));
        int start = lines.indexOf("## Bad input");
        assertTrue(start >= 0, "README.md has no '## Bad input' section");
        List<String[]> rows = new ArrayList<>();
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
            String l = lines.get(i);
            if (l.startsWith("| `")) {
                String[] cells = l.substring(1, l.length() - 1).split(" \\| ");
                assertTrue(cells.length >= 3, l);
                rows.add(new String[] {unquote(cells[0]), unquote(cells[1]), unquote(cells[2])});
            }
        }
        return rows;
    }

    static String unquote(String cell) {
        String c = cell.strip();
        return c.startsWith("`") && c.endsWith("`") ? c.substring(1, c.length() - 1) : c;
    }

    @TestFactory
    Stream<DynamicTest> everyRowOfTheReadmeTableGivesItsMessage() throws Exception {
        List<String[]> rows = readmeRows();
        assertTrue(rows.size() >= 30, "at least 30 rows, found " + rows.size());
        assertEquals(rows.size(), rows.stream().map(r -> r[0] + " " + r[1]).distinct().count(), "rows are distinct");
        return rows.stream().map(r -> DynamicTest.dynamicTest(r[0] + " " + r[1], () -> assertMessage(r[0] + " " + r[1], r[2])));
    }

    @Test
    void numericRanges() {
        assertMessage("train --method tmix --alpha -1", "mixkit: error: --alpha must be positive, got -1.0");
        assertMessage("train --method tmix --alpha NaN", "mixkit: error: --alpha must be positive, got NaN");
        assertMessage("train --max-steps -1", "mixkit: error: --max-steps must be at least 0, got -1");
        assertMessage("train --method mixtext --confidence-threshold 1.5",
                "mixkit: error: --confidence-threshold must be in [0, 1], got 1.5");
        assertMessage("train --task image --adv-p -0.1", "mixkit: error: --adv-p must be in [0, 1], got -0.1");
        assertMessage("visualize --method mixup --lam 2 --out mix.png", "mixkit: error: --lam must be in [0, 1], got 2.0");
        assertMessage("predict --checkpoint ckpt --batch-size 0", "mixkit: error: --batch-size must be at least 1, got 0");
        assertMessage("embed --model config-only --batch-size 0", "mixkit: error: --batch-size must be at least 1, got 0");
    }

    @Test
    void mixLayersAndLengthAreCheckedAgainstTheModelConfigWithoutLoadingIt() {
        // config-only has config.json and no weights: a check after loading would report the missing weights.
        assertMessage("train --model config-only --method tmix --mix-layers 4,7",
                "mixkit: error: --mix-layers 4,7: 7 is outside 0..6 (config-only has 6 layers; 0 = the embeddings)");
        assertMessage("train --model config-only --max-length 600",
                "mixkit: error: --max-length 600 is longer than config-only can read (512 positions)");
        assertMessage("embed --model config-only --max-length 1", "mixkit: error: --max-length must be at least 2, got 1");
        assertMessage("train --method tmix --mix-layers 9",
                "mixkit: error: --mix-layers 9: 9 is outside 0..6 (minilm-l6 has 6 layers; 0 = the embeddings)");
    }

    @Test
    void filesAndFolders() {
        assertMessage("train --train missing.csv --test test.csv", "mixkit: error: --train missing.csv: no such file");
        assertMessage("train --train empty.csv --test test.csv", "mixkit: error: --train empty.csv: the file is empty");
        assertMessage("train --train folder --test test.csv", "mixkit: error: --train folder: is a folder, expected a file");
        assertMessage("train --out file", "mixkit: error: --out file: is a file, expected a folder");
        assertMessage("train --out file/run", "mixkit: error: --out file/run: file is a file, not a folder");
        assertMessage("augment --method eda --in unlabeled.txt --out folder",
                "mixkit: error: --out folder: is a folder, expected a file name");
        assertMessage("dataset imdb --raw file --out data", "mixkit: error: --raw file: is a file, expected a folder");
        assertMessage("train --train train.csv --out fresh", "mixkit: error: --test is required with --train");
        assertMessage("train --method tmix --alpha -1 --out fresh", "mixkit: error: --alpha must be positive, got -1.0");
        assertTrue(Files.notExists(fx.resolve("fresh")), "a bad option leaves no --out folder behind");
        assertTrue(Files.isDirectory(fx.resolve("folder")));
        assertMessage("visualize --method mixup --out folder", "mixkit: error: --out folder: is a folder, expected a file name");
        assertTrue(Files.isDirectory(fx.resolve("folder")), "visualize used to delete an empty folder given as --out");
    }

    /** An output folder that cannot be made: a read-only folder (not as root, who may write anyway) or /sys. */
    @Test
    void unwritableOutput() throws Exception {
        Path ro = Files.createDirectories(fx.resolve("read-only"));
        if (ro.toFile().setWritable(false, false) && !Files.isWritable(ro)) {
            // The message names the absolute folder; run() drops the fixture folder from it.
            assertMessage("train --out read-only/run", "mixkit: error: --out read-only/run: the folder read-only is not writable");
        }
        ro.toFile().setWritable(true, false);
        if (Files.isDirectory(Path.of("/sys/kernel"))) {
            CliErrorsTest.Result r = CliErrorsTest.run("", "train", "--out", "/sys/mixkit-run");
            assertOneLineError(r, "--out /sys/mixkit-run: ");
            assertTrue(r.err().contains("not writable") || r.err().contains("cannot create the folder"), r.err());
        }
    }

    @Test
    void rowFormats() {
        assertMessage("train --train bad.tsv --test test.csv", "mixkit: error: bad.tsv:3: expected 2 columns, found 1");
        assertMessage("train --train bad.jsonl --test test.csv",
                "mixkit: error: bad.jsonl:2: malformed JSON (Unexpected end-of-input: expected close marker for Object)");
        assertMessage("train --train notes.txt --test test.csv",
                "mixkit: error: --train notes.txt: unknown data format; expected .csv, .tsv or .jsonl");
        assertMessage("train --model nope --train train.csv --test unseen-label.csv",
                "mixkit: error: unknown model 'nope' for --model: no such file or directory, and not a catalogue name "
                        + "(minilm-l6, minilm-l6-q, bge-small, e5-small, bert-base-uncased)");
    }

    @Test
    void presets() throws Exception {
        assertMessage("train --preset neg-alpha.json",
                "mixkit: error: tmix: alpha must be positive, got -1.0 (from preset neg-alpha.json, key \"mix\")");
        assertMessage("train --preset tmix-paper",
                "mixkit: error: --mix-layers (preset tmix-paper, key \"mix\") 7,9,12: 7 is outside 0..6 "
                        + "(minilm-l6 has 6 layers; 0 = the embeddings)");
        assertMessage("train --preset epochs-string.json",
                "mixkit: error: preset epochs-string.json: key \"epochs\" must be an integer, got \"many\"");
        assertMessage("train --preset list.json",
                "mixkit: error: list.json: not a preset (expected a JSON object of settings, e.g. {\"epochs\": 3})");
        // Every built-in preset uses only the keys its task reads.
        ObjectMapper json = new ObjectMapper();
        for (String name : Preset.BUILT_IN) {
            String task = name.startsWith("image") ? "image" : "default";
            json.readTree(Preset.class.getResourceAsStream("/mixkit/presets/" + name + ".json")).fieldNames()
                    .forEachRemaining(k -> assertTrue(Preset.KEYS.get(task).contains(k), name + ": " + k));
        }
    }

    @Test
    void checkpoints() {
        assertMessage("evaluate --checkpoint folder --data test.csv",
                "mixkit: error: --checkpoint folder: not a MixKit checkpoint (no mixkit.json)");
        assertMessage("evaluate --checkpoint ckpt-one-label --data test.csv",
                "mixkit: error: ckpt-one-label/mixkit.json: 'labels' must list at least 2 classes");
        assertMessage("predict --checkpoint ckpt-no-weights",
                "mixkit: error: --checkpoint ckpt-no-weights/model.safetensors: no such file");
        assertMessage("evaluate --checkpoint image-ckpt --data folder",
                "mixkit: error: image-ckpt/config.json: 'mean' must hold one number per channel (1), got [0.2,0.3]");
    }

    @Test
    void dataIsCheckedAgainstTheCheckpointBeforeItLoads() {
        // Both checkpoints hold a weight file that is not one: loading them would fail otherwise.
        assertMessage("evaluate --checkpoint ckpt --data unseen-label.csv",
                "mixkit: error: unseen-label.csv:3: label 'neutral' does not occur in the training data (classes: negative, positive)");
        assertMessage("evaluate --checkpoint image-ckpt-ab --data images",
                "mixkit: error: images: classes [Bag, Coat] differ from the checkpoint's [a, b]");
    }

    @Test
    void imagesAndIdx() {
        assertMessage("train --task image --data idx-bad",
                "mixkit: error: idx-bad/train-images-idx3-ubyte.gz: not an IDX image file (magic 0xbad, expected 0x803)");
        assertMessage("train --task image --data idx-mismatch",
                "mixkit: error: idx-mismatch/train-images-idx3-ubyte.gz holds 10 images but idx-mismatch/train-labels-idx1-ubyte.gz "
                        + "holds 9 labels; the two files must describe the same examples");
        CliErrorsTest.Result odd = run("train --task image --data images-odd --pad-to 0");
        assertOneLineError(odd, "odd.png", "30x28");
        assertMessage("train --task image --pad-to 16",
                "mixkit: error: --pad-to 16 is smaller than the 28x28 images of fashion-mnist-small (0 = no padding)");
        assertMessage("train --task image --data file", "mixkit: error: --data file: is a file, expected fashion-mnist, "
                + "fashion-mnist-small, a folder of IDX files, or a folder with train/ and test/ image folders");
    }
}
