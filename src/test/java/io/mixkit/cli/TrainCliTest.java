package io.mixkit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mixkit.text.data.EmbeddedDatasets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * train / evaluate / predict end to end on small slices of the embedded data, bad input through
 * the train command, and a real process kill followed by --resume.
 */
class TrainCliTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path train;
    static Path test;

    @BeforeAll
    static void data() throws Exception {
        List<String> all = Files.readAllLines(EmbeddedDatasets.defaultSplit("train"));
        List<String> t = Files.readAllLines(EmbeddedDatasets.defaultSplit("test"));
        train = tmp.resolve("train.csv");
        test = tmp.resolve("test.csv");
        Files.write(train, all.subList(0, 161)); // header + 160 sentences
        Files.write(test, t.subList(0, 101));    // header + 100 sentences
    }

    static String[] args(Path out, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "--train", train.toString(), "--test", test.toString(),
                "--out", out.toString(), "--preset", "quickstart", "--max-length", "32", "--batch-size", "16"));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    @Test
    void trainEvaluatePredict() throws Exception {
        Path out = tmp.resolve("run");
        CliErrorsTest.Result r = CliErrorsTest.run("", args(out, "--method", "tmix", "--epochs", "2", "--labels-per-class", "40",
                "--valid-per-class", "20"));
        assertEquals(0, r.code(), r.err());
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        for (String key : List.of("accuracy", "macro_f1", "ece", "n")) {
            assertTrue(report.has(key), key);
        }
        assertEquals(100, report.get("n").asInt());
        assertEquals(80, report.path("data").path("train_examples").asInt());
        assertEquals(40, report.path("data").path("valid_examples").asInt());
        assertTrue(report.get("accuracy").asDouble() > 0.6, "accuracy " + report.get("accuracy"));
        assertTrue(Files.size(out.resolve("learning-curve.png")) > 10_000);
        List<String> log = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertEquals(10 + 2, log.size(), "10 steps and 2 validations");
        assertTrue(r.out().contains("tmix: test accuracy"), r.out());

        CliErrorsTest.Result ev = CliErrorsTest.run("", "evaluate", "--checkpoint", out.resolve("checkpoint").toString(),
                "--data", test.toString());
        assertEquals(0, ev.code(), ev.err());
        assertTrue(ev.out().startsWith(String.format("accuracy %.4f", report.get("accuracy").asDouble())), ev.out());

        CliErrorsTest.Result pr = CliErrorsTest.run("What a wonderful phone, works perfectly.\nAwful. Broke after one day.\n",
                "predict", "--checkpoint", out.resolve("checkpoint").toString());
        assertEquals(0, pr.code(), pr.err());
        String[] lines = pr.out().strip().split("\\R");
        assertEquals(2, lines.length);
        JsonNode p0 = JSON.readTree(lines[0]);
        double sum = p0.path("probabilities").path("positive").asDouble() + p0.path("probabilities").path("negative").asDouble();
        assertEquals(1.0, sum, 1e-5);
    }

    @Test
    void withoutAPresetTheScheduleFitsTheLabeledSetAndIsPrintedAndReported() throws Exception {
        // 4 labels per class = 8 examples: batch 8, 1 step per epoch, max(3, 300) epochs, capped at 6 updates by
        // --max-steps; 6 epoch ends <= 15: validated each epoch; patience ceil(ceil(6/3) / 1) = 2; 50 validation
        // examples per class held out of the 152 left (82 - 4 and 78 - 4 per class)
        Path out = tmp.resolve("adaptive");
        CliErrorsTest.Result r = CliErrorsTest.run("", "train", "--method", "erm", "--train", train.toString(), "--test",
                test.toString(), "--out", out.toString(), "--labels-per-class", "4", "--max-steps", "6", "--max-length", "32");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("erm: schedule: 6 updates (300 epochs of 1, batch 8), validation on 100 examples after "
                + "each epoch, early stop after 2 validations (2 updates) without improvement (chosen for 8 training "
                + "examples: --batch-size 8, --epochs 300, --eval-every 0, --patience 2; flags or a preset override)"), r.err());
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        JsonNode s = report.path("schedule");
        assertEquals(8, s.path("batch_size").asInt());
        assertEquals(300, s.path("epochs").asInt());
        assertEquals(6, s.path("updates").asInt());
        assertEquals(2, s.path("patience").asInt());
        assertEquals(4, s.path("chosen_by_rule").size());
        assertEquals(100, report.path("data").path("valid_examples").asInt());
        assertEquals(8, report.path("config").path("batchSize").asInt());

        // a flag overrides its part of the rule; the preset's values are given too
        Path fixed = tmp.resolve("fixed");
        CliErrorsTest.Result f = CliErrorsTest.run("", "train", "--method", "erm", "--train", train.toString(), "--test",
                test.toString(), "--out", fixed.toString(), "--labels-per-class", "4", "--max-steps", "2", "--max-length", "32",
                "--batch-size", "4", "--preset", "few-shot");
        assertEquals(0, f.code(), f.err());
        JsonNode fs = JSON.readTree(fixed.resolve("report.json").toFile()).path("schedule");
        assertEquals(4, fs.path("batch_size").asInt());
        assertEquals(30, fs.path("epochs").asInt());
        assertEquals(8, fs.path("patience").asInt());
        assertEquals("[\"--eval-every 0\"]", fs.path("chosen_by_rule").toString());
    }

    @Test
    void aPresetSetsTheModelPrecisionAndUpdatesAndFlagsOverrideThem() throws Exception {
        Path preset = tmp.resolve("short-bf16.json");
        Files.writeString(preset, "{\"method\": \"erm\", \"model\": \"minilm-l6\", \"precision\": \"bf16\", \"max_steps\": 3}");
        Path out = tmp.resolve("preset-keys");
        CliErrorsTest.Result r = CliErrorsTest.run("", "train", "--train", train.toString(), "--test", test.toString(),
                "--out", out.toString(), "--labels-per-class", "4", "--max-length", "32", "--preset", preset.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        assertEquals("bf16", report.path("precision").asText());
        assertEquals("minilm-l6", report.path("model").asText());
        assertEquals(3, report.path("schedule").path("updates").asInt());
        assertEquals(3, report.path("training").path("steps").asInt());

        // the built-in recipe preset: bge-small, CLS pooling, bf16, MixText; --max-steps and --precision win over it
        Path mt = tmp.resolve("mixtext-few-label");
        CliErrorsTest.Result m = CliErrorsTest.run("", "train", "--train", train.toString(), "--test", test.toString(),
                "--out", mt.toString(), "--labels-per-class", "4", "--unlabeled-per-class", "8", "--k", "1", "--max-length", "32",
                "--preset", "mixtext-few-label", "--max-steps", "2", "--precision", "fp32");
        assertEquals(0, m.code(), m.err());
        JsonNode mr = JSON.readTree(mt.resolve("report.json").toFile());
        assertEquals("mixtext", mr.path("method").asText());
        assertEquals("bge-small", mr.path("model").asText());
        assertEquals("cls", mr.path("pooling").asText().toLowerCase(java.util.Locale.ROOT));
        assertEquals("fp32", mr.path("precision").asText());
        assertEquals(1000, mr.path("config").path("epochs").asInt());
        assertEquals(2, mr.path("training").path("steps").asInt());
    }

    @Test
    void precisionAutoIsBf16OnlyOnACpuWithBf16AndTheRunSaysWhichItRuns() throws Exception {
        Path out = tmp.resolve("precision-auto");
        CliErrorsTest.Result r = CliErrorsTest.run("", "train", "--train", train.toString(), "--test", test.toString(),
                "--out", out.toString(), "--method", "erm", "--max-steps", "1", "--max-length", "32", "--precision", "auto");
        assertEquals(0, r.code(), r.err());
        String expected = io.mixkit.train.NativeBf16.available() ? "bf16" : "fp32";
        assertTrue(r.err().contains("; model minilm-l6, precision " + expected), r.err());
        assertEquals(expected, JSON.readTree(out.resolve("report.json").toFile()).path("precision").asText());
    }

    @Test
    void baselineTrainsIntoItsOwnFolderAndPrintsBoth() throws Exception {
        Path out = tmp.resolve("with-baseline");
        CliErrorsTest.Result r = CliErrorsTest.run("", "train", "--baseline", "erm", "--train", train.toString(), "--test",
                test.toString(), "--out", out.toString(), "--max-steps", "1", "--max-length", "32");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("method      accuracy  macro-F1") && r.out().contains("\nerm ")
                && r.out().contains("\ntmix "), r.out());
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals("tmix", json.readTree(out.resolve("report.json").toFile()).path("method").asText());
        assertEquals("erm", json.readTree(out.resolve("erm").resolve("report.json").toFile()).path("method").asText());
    }

    @Test
    void resumeRefusesAnotherPrecisionOrMethodOption() throws Exception {
        Path out = tmp.resolve("fingerprint");
        CliErrorsTest.Result first = CliErrorsTest.run("", "train", "--train", train.toString(), "--test", test.toString(),
                "--out", out.toString(), "--max-steps", "1", "--max-length", "32");
        assertEquals(0, first.code(), first.err());
        CliErrorsTest.assertOneLineError(CliErrorsTest.run("", "train", "--train", train.toString(), "--test", test.toString(),
                "--out", out.toString(), "--max-steps", "1", "--max-length", "32", "--resume", "--precision", "bf16"),
                "cannot resume: the run in " + out + " used precision \"fp32\", these settings say \"bf16\"");
        CliErrorsTest.assertOneLineError(CliErrorsTest.run("", "train", "--train", train.toString(), "--test", test.toString(),
                "--out", out.toString(), "--max-steps", "1", "--max-length", "32", "--resume", "--alpha", "2"),
                "cannot resume: the run in " + out + " used options {\"alpha\":0.4");
    }

    @Test
    void unseenTestLabel() throws Exception {
        Path bad = tmp.resolve("test-neutral.csv");
        Files.writeString(bad, "text,label\nIt was fine.,positive\nNo opinion.,neutral\n");
        CliErrorsTest.Result r = CliErrorsTest.run("", "train", "--train", train.toString(), "--test", bad.toString(),
                "--out", tmp.resolve("x").toString(), "--max-steps", "1");
        CliErrorsTest.assertOneLineError(r, bad + ":3: label 'neutral' does not occur in the training data");
    }

    @Test
    void tooFewExamplesForLabelsPerClass() {
        CliErrorsTest.Result r = CliErrorsTest.run("", args(tmp.resolve("y"), "--labels-per-class", "500"));
        CliErrorsTest.assertOneLineError(r, "class 'negative' has", "fewer than --labels-per-class 500");
    }

    @Test
    void malformedCsvThroughTrain() throws Exception {
        Path bad = tmp.resolve("bad-train.csv");
        Files.writeString(bad, "text,label\nGood.,positive\nBad,\"negative\n");
        CliErrorsTest.Result r = CliErrorsTest.run("", "train", "--train", bad.toString(), "--test", test.toString(),
                "--out", tmp.resolve("z").toString());
        CliErrorsTest.assertOneLineError(r, bad.toString(), "malformed row");
    }

    @Test
    void megabyteDocumentIsCutAndReported() throws Exception {
        Path withBig = tmp.resolve("train-big.jsonl");
        StringBuilder sb = new StringBuilder();
        sb.append("{\"text\": \"").append("this phone is great ".repeat(52_000)).append("\", \"label\": \"positive\"}\n");
        for (String line : Files.readAllLines(train).subList(1, 40)) {
            int comma = line.lastIndexOf(',');
            sb.append(JSON.writeValueAsString(java.util.Map.of("text", line.substring(0, comma).replace("\"", ""),
                    "label", line.substring(comma + 1)))).append('\n');
        }
        Files.writeString(withBig, sb.toString(), StandardCharsets.UTF_8);
        assertTrue(Files.size(withBig) > 1_000_000);
        Path out = tmp.resolve("big");
        CliErrorsTest.Result r = CliErrorsTest.run("", "train", "--train", withBig.toString(), "--test", test.toString(),
                "--out", out.toString(), "--max-length", "32", "--epochs", "1", "--method", "erm");
        assertEquals(0, r.code(), r.err());
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        assertTrue(report.path("data").path("truncated_train").asInt() >= 1, report.path("data").toString());
        assertTrue(r.err().contains("were longer than 32 tokens and were cut"), r.err());
    }

    /** The java command for a separate MixKit process, with the test JVM's heap limit and one intra-op thread. */
    static List<String> javaCommand(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx4g", "-cp", System.getProperty("java.class.path"), "-Dai.djl.pytorch.num_threads=1"));
        cmd.addAll(jvmOptions);
        cmd.add("io.mixkit.cli.MixKitCli");
        cmd.addAll(List.of(args));
        return cmd;
    }

    static List<String> javaCommand(String... args) {
        return javaCommand(List.of(), args);
    }

    /** Runs a MixKit process to the end; its output goes to {@code log}. */
    static int runProcess(Path log, String... args) throws Exception {
        return runProcess(List.of(), log, args);
    }

    static int runProcess(List<String> jvmOptions, Path log, String... args) throws Exception {
        Process p = new ProcessBuilder(javaCommand(jvmOptions, args)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return p.waitFor();
    }

    /** TMix, 2 epochs of 10 steps, state saved at steps 3, 6, 9, 10, 12, 15, 18 and 20 (no validation set). */
    static final String[] RESUMABLE = {"--method", "tmix", "--epochs", "2", "--checkpoint-every", "3", "--eval-every", "5"};
    private static Path whole;

    /** The uninterrupted run the interrupted ones must end equal to (run once, in its own process). */
    static synchronized Path wholeRun() throws Exception {
        if (whole == null) {
            Path dir = tmp.resolve("whole");
            assertEquals(0, runProcess(tmp.resolve("whole.log"), args(dir, RESUMABLE)), Files.readString(tmp.resolve("whole.log")));
            whole = dir;
        }
        return whole;
    }

    static void assertSameRun(Path expected, Path actual) throws Exception {
        JsonNode a = JSON.readTree(expected.resolve("report.json").toFile());
        JsonNode b = JSON.readTree(actual.resolve("report.json").toFile());
        for (String key : List.of("accuracy", "macro_f1", "ece", "mean_loss", "confusion")) {
            assertEquals(a.get(key), b.get(key), key);
        }
        assertEquals(losses(expected), losses(actual), "every step's loss, in order");
    }

    /** "step N: loss" for every line of a run's metrics log (timings left out: they differ between runs). */
    static List<String> losses(Path run) throws Exception {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            out.add(n.path("type").asText() + " " + n.path("step").asLong() + ": " + n.path("loss").asText());
        }
        return out;
    }

    /**
     * Starts a MixKit process, kills it (SIGKILL) once its saved state has reached {@code atStep}, and returns
     * the step of the state it left.
     */
    static long killAfter(Path state, long atStep, Path log, String... args) throws Exception {
        Process p = new ProcessBuilder(javaCommand(args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Path trainer = state.resolve("last").resolve("trainer.json");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline && p.isAlive()) {
            try {
                if (Files.isRegularFile(trainer) && JSON.readTree(trainer.toFile()).path("step").asLong() >= atStep) {
                    break;
                }
            } catch (java.io.IOException beingReplaced) {
                // the state folder is being swapped; look again
            }
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the run ended before it could be killed: " + Files.readString(log));
        p.destroyForcibly().waitFor();
        // the kill may fall between the state's two renames: the whole state is then last.old
        return io.mixkit.train.TrainingState.read(io.mixkit.train.TrainingState.locate(state.resolve("last"))).step();
    }

    @Test
    void killedProcessResumesToTheSameMetrics() throws Exception {
        Path whole = wholeRun();
        Path killed = tmp.resolve("killed");
        long savedStep = killAfter(killed.resolve("state"), 6, tmp.resolve("killed.log"), args(killed, RESUMABLE));
        assertTrue(savedStep >= 6 && savedStep < 20, "killed at step " + savedStep + " of 20");
        assertTrue(!Files.exists(killed.resolve("report.json")));

        Path log = tmp.resolve("resumed.log");
        assertEquals(0, runProcess(log, args(killed, append(RESUMABLE, "--resume"))), Files.readString(log));
        assertTrue(Files.readString(log).contains("resuming at step " + savedStep), Files.readString(log));
        assertSameRun(whole, killed);
    }

    /**
     * A process that dies while saving (halfway through a safetensors file, between the state's files,
     * or between its two renames) leaves a whole earlier state; --resume continues from it and ends
     * exactly as the uninterrupted run.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"safetensors.write:4, 3", "state.write:3, 6", "state.swap:3, 6"})
    void aCrashWhileSavingLeavesTheLastWholeState(String crashAt, long resumeStep) throws Exception {
        Path whole = wholeRun();
        Path run = tmp.resolve("crash-" + crashAt.replace(':', '-'));
        Path log = tmp.resolve(run.getFileName() + ".log");
        assertEquals(137, runProcess(List.of("-Dmixkit.crash-at=" + crashAt), log, args(run, RESUMABLE)),
                Files.readString(log));
        assertTrue(!Files.exists(run.resolve("report.json")));
        Path resumedLog = tmp.resolve(run.getFileName() + "-resumed.log");
        assertEquals(0, runProcess(resumedLog, args(run, append(RESUMABLE, "--resume"))), Files.readString(resumedLog));
        assertTrue(Files.readString(resumedLog).contains("resuming at step " + resumeStep), Files.readString(resumedLog));
        assertSameRun(whole, run);
        assertTrue(!Files.exists(run.resolve("state").resolve("last.old")) && !Files.exists(run.resolve("state").resolve("last.tmp")),
                "the leftovers of the crashed save are cleaned up");
    }

    @Test
    void resumingACorruptStateNamesTheFile() throws Exception {
        Path whole = wholeRun();
        Path copy = tmp.resolve("corrupt");
        copyTree(whole, copy);
        Path last = copy.resolve("state").resolve("last");
        Path params = last.resolve("parameters.safetensors");
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        CliErrorsTest.assertOneLineError(CliErrorsTest.run("", args(copy, append(RESUMABLE, "--resume"))),
                params.toString(), "truncated");
        Files.write(params, bytes);
        Files.delete(last.resolve("optimizer.safetensors"));
        CliErrorsTest.assertOneLineError(CliErrorsTest.run("", args(copy, append(RESUMABLE, "--resume"))),
                last + ": the saved state is incomplete (optimizer.safetensors is missing)");
        Files.writeString(last.resolve("trainer.json"), "{\"step\": 1");
        CliErrorsTest.assertOneLineError(CliErrorsTest.run("", args(copy, append(RESUMABLE, "--resume"))),
                last.resolve("trainer.json") + ": unreadable training state");
    }

    static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    static String[] append(String[] a, String... more) {
        String[] r = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, r, a.length, more.length);
        return r;
    }

    @Test
    void mixtextWithAParaphraseFileReportsItsFallback() throws Exception {
        Path unl = tmp.resolve("unlabeled.txt");
        Path para = tmp.resolve("para.jsonl");
        List<String> texts = Files.readAllLines(EmbeddedDatasets.defaultSplit("valid")).subList(1, 13).stream()
                .map(l -> l.substring(0, l.lastIndexOf(',')).replace("\"", "")).toList();
        Files.write(unl, texts);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 10; i++) { // the last 2 texts have no paraphrases, 2 have one of the two
            List<String> views = i < 8 ? List.of(texts.get(i).toLowerCase(), texts.get(i).toUpperCase())
                    : List.of(texts.get(i).toLowerCase());
            sb.append(JSON.writeValueAsString(java.util.Map.of("text", texts.get(i), "augmentations", views))).append('\n');
        }
        Files.writeString(para, sb.toString());
        Path out = tmp.resolve("mixtext");
        CliErrorsTest.Result r = CliErrorsTest.run("", args(out, "--method", "mixtext", "--unlabeled", unl.toString(),
                "--augment", para.toString(), "--k", "2", "--unlabeled-batch-size", "12", "--labels-per-class", "16",
                "--valid-per-class", "4", "--epochs", "1"));
        assertEquals(0, r.code(), r.err());
        JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
        JsonNode u = report.path("unlabeled");
        assertEquals(12, u.path("size").asInt());
        assertEquals(4, u.path("paraphrase_fallback_rows").asInt(), u.toString());
        assertEquals(6, u.path("paraphrase_missing_views").asInt(), u.toString());
        assertTrue(report.get("accuracy").asDouble() > 0.5);
        String log = Files.readString(out.resolve("metrics.jsonl"));
        assertTrue(log.contains("loss_unlabeled") && log.contains("loss_labeled"), log);
    }

    @Test
    void mixtextBadUnlabeledFiles() throws Exception {
        Path empty = tmp.resolve("empty-unlabeled.txt");
        Files.writeString(empty, "");
        CliErrorsTest.assertOneLineError(CliErrorsTest.run("", args(tmp.resolve("e1"), "--method", "mixtext",
                "--unlabeled", empty.toString(), "--max-steps", "1")), empty + ": the unlabeled file is empty");
        Path latin = tmp.resolve("latin1-unlabeled.txt");
        Files.write(latin, "ok\nna\u00efve caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        CliErrorsTest.assertOneLineError(CliErrorsTest.run("", args(tmp.resolve("e2"), "--method", "mixtext",
                "--unlabeled", latin.toString(), "--max-steps", "1")), latin + ":2: not valid UTF-8");
        CliErrorsTest.assertOneLineError(CliErrorsTest.run("", args(tmp.resolve("e3"), "--method", "mixtext",
                "--max-steps", "1")), "mixtext needs unlabeled texts");
    }
}
