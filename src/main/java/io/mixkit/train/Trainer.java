package io.mixkit.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.mixkit.mix.LengthBuckets;
import io.mixkit.mix.Partners;
import io.mixkit.mix.Seeds;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one training loop, for every modality and method.
 *
 * <p>Per step: a per-step manager (closed at the end of the step), the strategy's optional
 * pre-pass, then under gradient recording {@code loss = softCE(logits, targets) + sum(extra)},
 * backward, global-norm clipping, an {@link AdamW} (or {@link Sgd}) update with the schedule's learning rate, and
 * zeroed gradients. The validation set is evaluated every {@code evalEverySteps} (or at each epoch's end, and
 * always after the last step); every {@link TrainingListener} hears of it, first the loop's own policies,
 * {@link BestModel} (keeps the best parameters, by accuracy, and restores them at the end) and
 * {@link EarlyStopping} (asks the loop to stop after {@code patience} evaluations without improvement).
 * Any listener may ask the loop to stop after a step ({@link TrainingListener#stopRequested}).
 *
 * <p>Non-finite values never reach the parameters: a step whose loss or gradient norm is NaN or
 * infinite is not applied; under {@link NonFinitePolicy#STOP} (the default) the run ends with a
 * {@link NonFiniteStepException} naming the step, what was not finite (the loss, or the first parameter
 * whose gradient is) and the last good saved state; under {@link NonFinitePolicy#SKIP} the step is
 * dropped and counted. Parameters are checked again before every save.
 *
 * <p>Reproducible and resumable: data order is drawn from (seed, epoch), mixing draws and dropout
 * from (seed, step); the resumable state (parameters, AdamW moments, loop position) is saved at every
 * evaluation and every {@code checkpointEverySteps}, so a killed run resumed with {@link #fit(FitRequest)} and
 * {@link FitRequest.Builder#optResume} ends exactly where the uninterrupted run does.
 *
 * @param <I> the model's input type
 */
public final class Trainer<I> {

    private final StagedClassifier<I> model;
    private final MixStrategy<I> strategy;
    private final TrainConfig config;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private NonFinitePolicy onNonFinite = NonFinitePolicy.STOP;
    private OptimizerFactory optimizerFactory;

    /**
     * What a run did.
     *
     * @param steps steps done in total
     * @param bestAccuracy best validation accuracy (NaN without validation data)
     * @param bestStep step of the best evaluation (the parameters the model now holds)
     * @param stoppedEarly whether a listener stopped the run before its last step (early stopping)
     * @param skippedSteps steps dropped for a non-finite loss or gradient ({@link NonFinitePolicy#SKIP})
     */
    public record Outcome(long steps, double bestAccuracy, long bestStep, boolean stoppedEarly, long skippedSteps) {}

    /**
     * @param model the model (its parameters are trained in place)
     * @param strategy the method
     * @param config the settings
     */
    public Trainer(StagedClassifier<I> model, MixStrategy<I> strategy, TrainConfig config) {
        this.model = model;
        this.strategy = strategy;
        this.config = config;
    }

    /** @param l a listener @return this */
    public Trainer<I> addListener(TrainingListener l) {
        listeners.add(l);
        return this;
    }

    /** @param p what to do with a step whose loss or gradient is not finite @return this */
    public Trainer<I> onNonFinite(NonFinitePolicy p) {
        onNonFinite = p;
        return this;
    }

    /**
     * @param f makes the optimiser, hyper-parameters included (default: {@link OptimizerFactory#of} the config)
     * @return this
     */
    public Trainer<I> optOptimizer(OptimizerFactory f) {
        optimizerFactory = f;
        return this;
    }

    /** @return steps per epoch for a training set of this size */
    public int stepsPerEpoch(int trainSize) {
        return (trainSize + config.batchSize() - 1) / config.batchSize();
    }

    /**
     * Trains on {@code train} alone: no validation, no saved state.
     *
     * @param train training examples
     * @return what happened
     * @throws IOException never in practice (no state is written)
     */
    public Outcome fit(BatchSource<I> train) throws IOException {
        return fit(FitRequest.builder(train).build());
    }

    /**
     * Trains; on return the model holds the best parameters (by validation accuracy), or the last
     * ones without validation data.
     *
     * @param request the data, the state folder and whether to resume
     * @return what happened
     * @throws IOException if state cannot be saved or restored
     */
    public Outcome fit(FitRequest<I> request) throws IOException {
        if (request.train().size() == 0) {
            throw new IllegalArgumentException("the training set is empty");
        }
        NamedParameters params = model.parameters();
        java.util.function.ToDoubleFunction<String> lr = n -> model.isHeadParameter(n) ? config.lrHead() : config.lrEncoder();
        Path stateDir = request.stateDir();
        try (Optimizer optimizer = (optimizerFactory != null ? optimizerFactory : OptimizerFactory.of(config))
                .create(params, lr);
             BestModel best = new BestModel(model.state(), stateDir == null ? null : stateDir.resolve("best"),
                     this::checkFiniteParameters)) {
            return fit(request, params, optimizer, best);
        }
    }

    private Outcome fit(FitRequest<I> request, NamedParameters params, Optimizer optimizer, BestModel best)
            throws IOException {
        BatchSource<I> train = request.train();
        BatchSource<I> valid = request.valid();
        int perEpoch = stepsPerEpoch(train.size());
        long total = (long) perEpoch * config.epochs();
        if (config.maxSteps() > 0) {
            total = Math.min(total, config.maxSteps());
        }
        long warmup = Math.round(total * config.warmupFraction());

        TrainingState state = new TrainingState(0, 0, 0, -1, 0, 0, 0, config, Map.of());
        Path last = request.stateDir() == null ? null : request.stateDir().resolve("last");
        Path found = request.resume() ? TrainingState.verify(last) : null;
        if (request.resume()) {
            TrainingState saved = TrainingState.read(found);
            if (!saved.config().equals(config)) {
                throw new IllegalArgumentException("cannot resume: the run in " + request.stateDir()
                        + " used different settings (" + saved.config() + ") from these (" + config + ")");
            }
            TrainingState.restore(found, model.state(), optimizer);
            strategy.restore(saved.methodState());
            state = saved;
        }
        lastSavedStep = state.step();
        lastSaved = found;
        EarlyStopping early = new EarlyStopping(config.patience(), state.evaluationsWithoutImprovement());
        List<TrainingListener> all = new ArrayList<>(List.of(best, early));
        all.addAll(listeners);
        params.setRequiresGradient(true);
        Gradients.zero(params);
        for (TrainingListener l : all) {
            l.onStart(state.step(), total);
        }
        // a run that a listener had already stopped (early stopping) does not train on when resumed
        boolean stopped = all.stream().anyMatch(TrainingListener::stopRequested);
        long step = state.step();
        outer:
        for (int epoch = state.epoch(); epoch < config.epochs() && !stopped; epoch++) {
            int[][] batches = batches(train, epoch);
            int firstBatch = epoch == state.epoch() ? state.batchInEpoch() : 0;
            for (int b = firstBatch; b < perEpoch; b++) {
                if (config.maxSteps() > 0 && step >= config.maxSteps()) {
                    break outer;
                }
                int[] idx = batches[b];
                step++;
                double lrScale = config.schedule().factor(step - 1, total, warmup);
                long b0 = System.nanoTime();
                Batch<I> clean = train.batch(idx);
                boolean applied = runStep(clean, (System.nanoTime() - b0) / 1e9, step, total, epoch + 1, lrScale,
                        optimizer);
                boolean epochEnd = b == perEpoch - 1;
                boolean lastStep = step == total;
                state = new TrainingState(step, epochEnd ? epoch + 1 : epoch, epochEnd ? 0 : b + 1, state.bestAccuracy(),
                        state.bestStep(), state.evaluationsWithoutImprovement(), state.skippedSteps() + (applied ? 0 : 1),
                        config, strategy.state());
                boolean evaluate = valid != null
                        && (lastStep || (config.evalEverySteps() > 0 ? step % config.evalEverySteps() == 0 : epochEnd));
                if (evaluate) {
                    state = evaluate(valid, state, epoch + 1, all, early);
                }
                boolean checkpoint = evaluate || epochEnd || lastStep
                        || (config.checkpointEverySteps() > 0 && step % config.checkpointEverySteps() == 0);
                if (last != null && checkpoint) {
                    checkFiniteParameters(step);
                    state.save(last, model.state(), optimizer);
                    lastSavedStep = step;
                    lastSaved = last;
                }
                if (all.stream().anyMatch(TrainingListener::stopRequested)) {
                    stopped = true;
                    break outer;
                }
            }
        }
        if (valid != null) {
            best.restore();
        }
        for (TrainingListener l : all) {
            l.onEnd(step, stopped);
        }
        return new Outcome(step, valid == null ? Double.NaN : state.bestAccuracy(), state.bestStep(), stopped,
                state.skippedSteps());
    }

    private long lastSavedStep;
    private Path lastSaved;

    /** The epoch's batches: the order drawn from (seed, epoch), cut in turn or grouped by length. */
    private int[][] batches(BatchSource<I> train, int epoch) {
        int[] order = Partners.permutation(train.size(), Seeds.random(config.seed() * 7919L + epoch));
        if (config.lengthBucketWindow() > 0) {
            int[] lengths = new int[train.size()];
            for (int i = 0; i < lengths.length; i++) {
                lengths[i] = train.lengthHint(i);
            }
            return LengthBuckets.bucketed(order, lengths, config.batchSize(), config.lengthBucketWindow(),
                    Seeds.random(config.seed() * 7919L + epoch + 104_729L));
        }
        int[][] out = new int[stepsPerEpoch(train.size())][];
        for (int b = 0; b < out.length; b++) {
            int from = b * config.batchSize();
            out[b] = java.util.Arrays.copyOfRange(order, from, Math.min(train.size(), from + config.batchSize()));
        }
        return out;
    }

    /** Validates, tells every listener (the best-model keeper and early stopping first), and returns the next state. */
    private TrainingState evaluate(BatchSource<I> valid, TrainingState s, int epoch, List<TrainingListener> all,
                                   EarlyStopping early) throws IOException {
        ClassificationMetrics m = Predictions.of(model, valid, Math.max(32, config.batchSize())).metrics();
        boolean improved = m.accuracy() > s.bestAccuracy();
        TrainingListener.Evaluation e = new TrainingListener.Evaluation(s.step(), epoch, m, improved);
        try {
            for (TrainingListener l : all) {
                l.onEvaluation(e);
            }
        } catch (java.io.UncheckedIOException ex) {
            throw ex.getCause(); // writing the best model failed: an IOException, as fit declares
        }
        return new TrainingState(s.step(), s.epoch(), s.batchInEpoch(), improved ? m.accuracy() : s.bestAccuracy(),
                improved ? s.step() : s.bestStep(), early.evaluationsWithoutImprovement(), s.skippedSteps(), config,
                s.methodState());
    }

    private NonFiniteStepException stopped(long step, String what) {
        return new NonFiniteStepException(step, what, lastSavedStep, lastSaved == null ? null : lastSaved.toString());
    }

    /** Refuses to keep or save parameters holding NaN or inf. */
    private void checkFiniteParameters(long step) {
        String bad = Gradients.firstNonFinite(model.state());
        if (bad != null) {
            throw stopped(step, "after the update, parameter " + bad + "; it was not saved");
        }
    }

    /** What was not finite: the loss (with its terms), else the first parameter whose gradient is not. */
    private String nonFiniteCause(double lossValue, Map<String, Double> parts) {
        if (!Double.isFinite(lossValue)) {
            return "the loss is " + lossValue + " " + parts;
        }
        String gradient = Gradients.firstNonFiniteGradient(model.parameters());
        return (gradient != null ? gradient : "the gradient norm overflows float32")
                + " (the loss, " + lossValue + ", was finite)";
    }

    /** @return whether the step was applied (false: skipped for a non-finite loss or gradient) */
    private boolean runStep(Batch<I> clean, double batchSeconds, long step, long total, int epoch, double lrScale,
                            Optimizer optimizer) {
        long t0 = System.nanoTime();
        long tBefore;
        long tForward;
        long tBackward;
        int arrays;
        // Dropout and mixing draws depend only on (seed, step): a resumed run repeats them exactly.
        Engine.getInstance().setRandomSeed((int) (config.seed() * 1_000_003L + step));
        DropoutMasks.seed(config.seed() * 1_000_003L + step);
        Map<String, Double> parts = new LinkedHashMap<>();
        double lossValue;
        try (NDManager sm = model.parameters().manager().newSubManager()) {
            StepContext<I> ctx = new StepContext<>(model, sm, Seeds.random(config.seed() * 1_000_003L + step), step, total);
            Batch<I> batch = strategy.beforeRecording(ctx, clean);
            batch.logged().forEach((k, v) -> parts.put(k, v.doubleValue()));
            tBefore = System.nanoTime();
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                StepResult r = strategy.forward(ctx, batch);
                NDArray loss = null;
                if (r.targets() != null) {
                    loss = Losses.softCrossEntropy(r.logits(), r.targets());
                    parts.put("main", (double) loss.getFloat());
                }
                for (Map.Entry<String, NDArray> e : r.extraLosses().entrySet()) {
                    parts.put(e.getKey(), (double) e.getValue().getFloat());
                    loss = loss == null ? e.getValue() : loss.add(e.getValue());
                }
                if (loss == null) {
                    throw new IllegalStateException(strategy.name() + " returned no loss term");
                }
                lossValue = loss.getFloat();
                tForward = System.nanoTime();
                gc.backward(loss);
            }
            tBackward = System.nanoTime();
            arrays = sm.getManagedArrays().size();
        }
        double norm = Double.isFinite(lossValue) ? Gradients.globalNorm(model.parameters()) : Double.NaN;
        long tNorm = System.nanoTime();
        if (!Double.isFinite(lossValue) || !Double.isFinite(norm)) {
            String what = nonFiniteCause(lossValue, parts);
            Gradients.zero(model.parameters());
            String badParameter = Gradients.firstNonFinite(model.state());
            if (badParameter != null) { // an earlier update overflowed: skipping this step cannot help
                throw stopped(step, what + ", and parameter " + badParameter + " already (an earlier update made it so)");
            }
            if (onNonFinite == NonFinitePolicy.STOP) {
                throw stopped(step, what + "; the parameters were not updated with it");
            }
            for (TrainingListener l : listeners) {
                l.onSkippedStep(step, what);
            }
            return false;
        }
        optimizer.step(lrScale, Gradients.clipScale(norm, config.maxGradNorm()));
        long tEnd = System.nanoTime();
        double seconds = (tEnd - t0) / 1e9;
        TrainingListener.Phases phases = new TrainingListener.Phases(batchSeconds, (tBefore - t0) / 1e9,
                (tForward - tBefore) / 1e9, (tBackward - tForward) / 1e9, (tNorm - tBackward) / 1e9, (tEnd - tNorm) / 1e9,
                arrays);
        TrainingListener.Step s = new TrainingListener.Step(step, total, epoch, lossValue, parts, lrScale, norm,
                clean.size() / seconds, phases);
        for (TrainingListener l : listeners) {
            l.onStep(s);
        }
        return true;
    }
}
