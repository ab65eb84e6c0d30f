package io.mixkit.cli;

import static io.mixkit.cli.CliErrorsTest.assertOneLineError;
import static io.mixkit.cli.CliErrorsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mixkit.image.data.ImageDataset;
import io.mixkit.image.data.ImageDatasets;
import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --task image} and {@code visualize} end to end on real Fashion-MNIST images, and their errors on bad input. */
class ImageCliTest {

    @TempDir
    static Path tmp;
    static ImageDataset fmnist;

    @BeforeAll
    static void load() throws Exception {
        fmnist = ImageDatasets.load(null, 0).train().first(40);
    }

    /** Writes real images as PNG into DIR/split/class/i.png (grey, 28x28). */
    static Path folder(String name, int perClass) throws Exception {
        Path dir = tmp.resolve(name);
        for (String split : new String[] {"train", "test"}) {
            for (int i = 0; i < fmnist.size(); i++) {
                String cls = fmnist.classNames().get(fmnist.labels()[i]).replace('/', '-');
                Path d = dir.resolve(split).resolve(cls);
                Files.createDirectories(d);
                try (var files = Files.list(d)) {
                    if (files.count() >= perClass) {
                        continue;
                    }
                }
                ImageIO.write(grey(i), "png", d.resolve(i + ".png").toFile());
            }
        }
        return dir;
    }

    static BufferedImage grey(int i) {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                img.getRaster().setSample(x, y, 0, Math.round(fmnist.pixels()[i * 784 + y * 28 + x] * 255));
            }
        }
        return img;
    }

    static String[] quick(Path data, Path out, String method, String... more) {
        String[] base = {"train", "--task", "image", "--method", method, "--data", data.toString(), "--epochs", "1",
            "--batch-size", "16", "--fgsm-eps", "8", "--out", out.toString()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void trainsPuzzleMixOnAnImageFolderAndDrawsItsMixes() throws Exception {
        Path data = folder("ok", 4);
        Path out = tmp.resolve("run");
        CliErrorsTest.Result r = run("", quick(data, out, "puzzlemix", "--grid-sizes", "2,4,8"));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("puzzlemix: test error"), r.out());
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        assertEquals("image", report.path("task").asText());
        JsonNode fgsm = report.get("fgsm");
        assertTrue(fgsm != null && fgsm.path("eps_255").asDouble() == 8, report.toString());
        double adv = fgsm.path("accuracy").asDouble(-1);
        assertTrue(adv >= 0 && adv <= 1, "FGSM accuracy " + adv);
        assertEquals(1 - adv, fgsm.path("error").asDouble(), 1e-12);
        assertTrue(Files.isRegularFile(out.resolve("checkpoint/model.safetensors")));
        assertTrue(Files.isRegularFile(out.resolve("metrics.jsonl")));
        assertTrue(Files.isRegularFile(out.resolve("learning-curve.png")));
        // the checkpoint evaluates to the accuracy the run reported
        r = run("", "evaluate", "--checkpoint", out.toString(), "--data", data.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains(String.format("accuracy %.4f", report.path("accuracy").asDouble())), r.out());
        assertTrue(r.out().contains("FGSM (8/255) error"), r.out());
        Path png = tmp.resolve("mix.png");
        r = run("", "visualize", "--method", "puzzlemix", "--checkpoint", out.toString(), "--data", data.toString(),
                "--pairs", "3", "--grid-sizes", "4", "--out", png.toString());
        assertEquals(0, r.code(), r.err());
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img.getWidth() > 4 * 32 * 4 && img.getHeight() > 3 * 32 * 4, img.getWidth() + "x" + img.getHeight());
    }

    @Test
    void aKilledPuzzleMixRunResumesToTheSameResultIncludingBatchNormStatistics() throws Exception {
        String[] common = {"train", "--task", "image", "--method", "puzzlemix", "--train-size", "640", "--test-size", "200",
            "--epochs", "1", "--batch-size", "16", "--checkpoint-every", "2", "--adv-p", "0.5"};
        Path whole = tmp.resolve("whole");
        Path wholeLog = tmp.resolve("whole.log");
        assertEquals(0, TrainCliTest.runProcess(wholeLog, TrainCliTest.append(common, "--out", whole.toString())),
                Files.readString(wholeLog));

        Path killed = tmp.resolve("killed");
        long saved = TrainCliTest.killAfter(killed.resolve("state"), 6, tmp.resolve("killed.log"),
                TrainCliTest.append(common, "--out", killed.toString()));
        assertTrue(saved >= 6 && saved < 40, "killed at step " + saved + " of 40");

        Path log = tmp.resolve("resumed.log");
        assertEquals(0, TrainCliTest.runProcess(log, TrainCliTest.append(common, "--out", killed.toString(), "--resume")),
                Files.readString(log));
        assertTrue(Files.readString(log).contains("resuming at step " + saved), Files.readString(log));
        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(whole.resolve("report.json").toFile());
        JsonNode b = json.readTree(killed.resolve("report.json").toFile());
        for (String key : List.of("accuracy", "mean_loss", "confusion", "fgsm")) {
            assertEquals(a.get(key), b.get(key), key);
        }
    }

    @Test
    void badImageFoldersGiveOneLineNamingTheFile() throws Exception {
        Path size = folder("size", 2);
        Path odd = size.resolve("train/Bag/odd.png");
        ImageIO.write(new BufferedImage(30, 28, BufferedImage.TYPE_BYTE_GRAY), "png", odd.toFile());
        assertOneLineError(run("", quick(size, tmp.resolve("o1"), "vanilla")), "odd.png", "30x28", "same size");

        Path colour = folder("colour", 2);
        ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_INT_RGB), "png", colour.resolve("train/Bag/rgb.png").toFile());
        assertOneLineError(run("", quick(colour, tmp.resolve("o2"), "vanilla")), "rgb.png", "3-channel");

        Path corrupt = folder("corrupt", 2);
        Path bad = corrupt.resolve("train/Coat/broken.png");
        byte[] png = Files.readAllBytes(corrupt.resolve("train/Coat").toFile().listFiles()[0].toPath());
        Files.write(bad, java.util.Arrays.copyOf(png, 40));
        assertOneLineError(run("", quick(corrupt, tmp.resolve("o3"), "vanilla")), "broken.png");

        Path empty = folder("empty", 2);
        Files.createDirectories(empty.resolve("train/Nothing"));
        assertOneLineError(run("", quick(empty, tmp.resolve("o4"), "vanilla")), "Nothing", "empty class folder");

        assertOneLineError(run("", quick(tmp.resolve("missing"), tmp.resolve("o5"), "vanilla")), "missing", "no such folder");
    }

    @Test
    void idxFilesWhoseCountsDisagreeAreRejected() throws Exception {
        Path dir = tmp.resolve("idx");
        Files.createDirectories(dir);
        for (String split : new String[] {"train", "t10k"}) {
            int n = 10;
            try (DataOutputStream o = new DataOutputStream(new GZIPOutputStream(Files.newOutputStream(dir.resolve(split + "-images-idx3-ubyte.gz"))))) {
                o.writeInt(0x803);
                o.writeInt(n);
                o.writeInt(28);
                o.writeInt(28);
                for (int i = 0; i < n * 784; i++) {
                    o.writeByte(Math.round(fmnist.pixels()[i] * 255));
                }
            }
            int labels = split.equals("train") ? 9 : 10;
            try (OutputStream raw = Files.newOutputStream(dir.resolve(split + "-labels-idx1-ubyte.gz"));
                 DataOutputStream o = new DataOutputStream(new GZIPOutputStream(raw))) {
                o.writeInt(0x801);
                o.writeInt(labels);
                for (int i = 0; i < labels; i++) {
                    o.writeByte(fmnist.labels()[i]);
                }
            }
        }
        assertOneLineError(run("", quick(dir, tmp.resolve("o6"), "vanilla")), "10 images", "9 labels");
    }

    @Test
    void aGridThatDoesNotDivideTheImageIsNamed() throws Exception {
        Path data = folder("grid", 2);
        assertOneLineError(run("", quick(data, tmp.resolve("o7"), "puzzlemix", "--pad-to", "28", "--grid-sizes", "8")),
                "8 blocks", "28-pixel");
    }
}
