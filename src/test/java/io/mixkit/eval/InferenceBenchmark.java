package io.mixkit.eval;

import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.mixkit.MixKitRuntime;
import io.mixkit.MklDispatch;
import io.mixkit.text.EncodedBatch;
import io.mixkit.text.ModelCatalogue;
import io.mixkit.text.ModelFetcher;
import io.mixkit.text.TextModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * MiniLM inference throughput (batch 16, 128 tokens, sequences/s), MixKit's DJL encoder side by
 * side with ONNX Runtime on the same ONNX file, same thread count, same process, alternating
 * rounds so that machine load hits both alike. Not a test: run {@code eval/bench-inference.sh}.
 *
 * <p>Arguments: {@code [rounds] [iterations per round] [output markdown]}.
 */
public final class InferenceBenchmark {

    private InferenceBenchmark() {}

    /** The smallest cosine between a text's fp32 and bf16 mean-pooled vectors. */
    static double worstCosine(TextModel model, EncodedBatch batch) {
        try (NDManager m = NDManager.newBaseManager()) {
            var enc = model.encoder();
            var fp32 = io.mixkit.text.Pooling.MEAN.apply(enc.forward(batch, m, false));
            enc.setPrecision(io.mixkit.train.Precision.BF16);
            var bf16 = io.mixkit.text.Pooling.MEAN.apply(enc.forward(batch, m, false));
            enc.setPrecision(io.mixkit.train.Precision.FP32);
            double worst = 1;
            for (int i = 0; i < batch.size(); i++) {
                var u = fp32.get(i);
                var v = bf16.get(i);
                worst = Math.min(worst, u.dot(v).getFloat() / Math.sqrt(u.dot(u).getFloat() * v.dot(v).getFloat()));
            }
            return worst;
        }
    }

    public static void main(String[] args) throws Exception {
        MixKitRuntime.init();
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int iters = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path report = args.length > 2 ? Paths.get(args[2]) : null;
        int threads = MixKitRuntime.threads();
        int batchSize = 16;
        int length = 128;

        try (TextModel model = TextModel.load("minilm-l6", false)) {
            Path onnx = ModelFetcher.resolve(ModelCatalogue.find("minilm-l6").orElseThrow()).resolve("model.onnx");
            List<String> texts = new ArrayList<>();
            String longText = String.join(" ", java.util.Collections.nCopies(40,
                    "mixup interpolates hidden states of two examples"));
            for (int i = 0; i < batchSize; i++) {
                texts.add(i + " " + longText);
            }
            EncodedBatch batch = model.tokenizer().encode(texts, length);
            if (batch.length() != length) {
                throw new IllegalStateException("batch is " + batch.length() + " tokens, expected " + length);
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions opts = new OrtSession.SessionOptions();
            opts.setIntraOpNumThreads(threads);
            opts.setInterOpNumThreads(1);
            try (OrtSession ort = env.createSession(onnx.toString(), opts)) {
                Runnable djl = () -> {
                    try (NDManager step = NDManager.newBaseManager()) {
                        model.encoder().forward(batch, step, false).value().toFloatArray();
                    }
                };
                Runnable onnxRuntime = () -> {
                    Map<String, OnnxTensor> in = new HashMap<>();
                    try {
                        in.put("input_ids", OnnxTensor.createTensor(env, batch.inputIds()));
                        in.put("attention_mask", OnnxTensor.createTensor(env, batch.attentionMask()));
                        in.put("token_type_ids", OnnxTensor.createTensor(env, batch.tokenTypeIds()));
                        try (OrtSession.Result r = ort.run(in)) {
                            r.get(0).getValue();
                        }
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    } finally {
                        in.values().forEach(OnnxTensor::close);
                    }
                };
                Runnable djlBf16 = () -> {
                    model.encoder().setPrecision(io.mixkit.train.Precision.BF16);
                    try {
                        djl.run();
                    } finally {
                        model.encoder().setPrecision(io.mixkit.train.Precision.FP32);
                    }
                };
                for (int i = 0; i < 3; i++) { // warm-up
                    djl.run();
                    djlBf16.run();
                    onnxRuntime.run();
                }
                double[] mixkit = new double[rounds];
                double[] mixkitBf16 = new double[rounds];
                double[] peer = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    mixkit[r] = throughput(djl, iters, batchSize);
                    mixkitBf16[r] = throughput(djlBf16, iters, batchSize);
                    peer[r] = throughput(onnxRuntime, iters, batchSize);
                    System.out.printf("round %d: MixKit (DJL/libtorch) %.1f seq/s, bf16 %.1f seq/s, ONNX Runtime %.1f seq/s%n",
                            r + 1, mixkit[r], mixkitBf16[r], peer[r]);
                }
                double mk = median(mixkit);
                double mkBf16 = median(mixkitBf16);
                double or = median(peer);
                double cosine = worstCosine(model, batch);
                String load = Files.readString(Paths.get("/proc/loadavg")).strip();
                String summary = String.format("MiniLM-L6 inference, batch %d x %d tokens, %d threads: MixKit %.1f seq/s, "
                        + "ONNX Runtime 1.20 %.1f seq/s, ratio MixKit/ORT %.2f (median of %d rounds of %d batches)",
                        batchSize, length, threads, mk, or, mk / or, rounds, iters);
                System.out.println(summary);
                if (report != null) {
                    Files.createDirectories(report.toAbsolutePath().getParent());
                    Files.writeString(report, "# MiniLM inference throughput\n\n"
                            + "Produced by `" + System.getProperty("mixkit.command", "eval/bench-inference.sh") + "` on "
                            + Instant.now() + ".\n\n"
                            + "| engine | sequences/s (median) | rounds |\n|---|---|---|\n"
                            + String.format("| MixKit (DJL 0.36, libtorch 2.7.1 CPU) | %.1f | %s |%n", mk, fmt(mixkit))
                            + String.format("| MixKit, `--precision bf16` (matrix products in bfloat16) | %.1f | %s |%n", mkBf16,
                                    fmt(mixkitBf16))
                            + String.format("| ONNX Runtime 1.20.0 (same ONNX file) | %.1f | %s |%n", or, fmt(peer))
                            + String.format("%nRatio MixKit / ONNX Runtime: **%.2f**. Batch %d, %d tokens, %d intra-op threads, "
                                    + "%d cores; MKL's kernels %s (`MklDispatch`: %s); /proc/loadavg at the end: `%s`.%n", mk / or,
                                    batchSize, length, threads, Runtime.getRuntime().availableProcessors(),
                                    MklDispatch.mklBranch().orElse("(no MKL)"), MklDispatch.apply(), load)
                            + String.format("%nRatio MixKit bf16 / ONNX Runtime: **%.2f**; its mean-pooled sentence vectors "
                                    + "are within cosine %.5f of fp32's (the worst of the batch's 16).%n", mkBf16 / or, cosine));
                    System.out.println("wrote " + report);
                }
            }
        }
    }

    private static double throughput(Runnable step, int iters, int batchSize) {
        long t0 = System.nanoTime();
        for (int i = 0; i < iters; i++) {
            step.run();
        }
        return iters * batchSize / ((System.nanoTime() - t0) / 1e9);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String fmt(double[] v) {
        return String.join(", ", Arrays.stream(v).mapToObj(x -> String.format("%.1f", x)).toList());
    }
}
