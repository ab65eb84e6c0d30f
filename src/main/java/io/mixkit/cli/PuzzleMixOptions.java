package io.mixkit.cli;

import io.mixkit.image.strategy.PuzzleMix;
import io.mixkit.mix.PuzzleMixEnergy;
import picocli.CommandLine.Option;

/** PuzzleMix's options (the reference's names, with dashes), shared by {@code train} and {@code visualize}. */
final class PuzzleMixOptions {

    @Option(names = "--grid-sizes", split = ",", description = "PuzzleMix blocks per side, drawn per batch (default 2,4,8,16).")
    int[] gridSizes;

    @Option(names = "--n-labels", description = "PuzzleMix mask values (default 3: 0, 0.5, 1).")
    Integer nLabels;

    @Option(names = "--beta", description = "PuzzleMix label smoothness (default 1.2).")
    Double beta;

    @Option(names = "--gamma", description = "PuzzleMix data smoothness (default 0.5).")
    Double gamma;

    @Option(names = "--eta", description = "PuzzleMix prior weight (default 0.2).")
    Double eta;

    @Option(names = "--neigh-size", description = "PuzzleMix pooling for the data-smoothness term (default 4).")
    Integer neighSize;

    @Option(names = "--transport", negatable = true, description = "PuzzleMix block transport (default on).")
    Boolean transport;

    @Option(names = "--t-eps", description = "PuzzleMix transport distance weight (default 0.8).")
    Double tEps;

    @Option(names = "--t-size", description = "PuzzleMix transport block side in pixels (default 4; -1 = the mask's blocks).")
    Integer tSize;

    @Option(names = "--adv-p", description = "PuzzleMix adversarial step probability per side (default 0 = off; 0.1 in the paper's adversarial runs).")
    Double advP;

    @Option(names = "--adv-eps", description = "PuzzleMix adversarial radius in 1/255 (default 10).")
    Double advEps;

    @Option(names = "--clean-lam", description = "PuzzleMix weight of the saliency pass's clean loss (default 0).")
    Double cleanLam;

    @Option(names = "--graph-threads", description = "Threads solving a batch's graph cuts (default: the number of cores).")
    Integer graphThreads;

    @Option(names = "--mask-solver", description = "PuzzleMix mask optimisation: exact (one min-cut, the global minimum; default) or swap (alpha-beta swap moves, as the reference).")
    String maskSolver;

    /** @return PuzzleMix settings: the reference's, overridden by the options given */
    PuzzleMix.Settings puzzle() {
        PuzzleMix.Settings d = PuzzleMix.Settings.defaults();
        PuzzleMixEnergy.Settings e = d.energy();
        return new PuzzleMix.Settings(d.alpha(), gridSizes != null ? gridSizes : d.gridSizes(),
                new PuzzleMixEnergy.Settings(nLabels != null ? nLabels : e.labels(), beta != null ? beta : e.beta(),
                        gamma != null ? gamma : e.gamma(), eta != null ? eta : e.eta()),
                neighSize != null ? neighSize : d.neighSize(), transport != null ? transport : d.transport(),
                tEps != null ? tEps : d.tEps(), tSize != null ? tSize : d.tSize(), advP != null ? advP : d.advP(),
                advEps != null ? advEps : d.advEps(), cleanLam != null ? cleanLam : d.cleanLam(),
                graphThreads != null ? graphThreads : d.threads(), maskSolver != null ? maskSolver : d.solver());
    }
}
