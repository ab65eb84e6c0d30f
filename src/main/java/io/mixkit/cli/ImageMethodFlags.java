package io.mixkit.cli;

import picocli.CommandLine.Option;

/**
 * Flags for image methods' options (PuzzleMix's names as in the reference, with dashes); each sets the
 * option key with underscores and applies to the methods that have it. Defaults come from the methods.
 * Shared by {@code train image} and {@code visualize}.
 */
final class ImageMethodFlags {

    @Option(names = "--alpha", description = "Beta(alpha, alpha) concentration of the mixing weight (default: the method's: 1, or 2 for manifold).")
    Double alpha;

    @Option(names = "--mix-stages", split = ",", description = "Manifold mixup stages (default: 0,1,2).")
    int[] mixStages;

    @Option(names = "--grid-sizes", split = ",", description = "PuzzleMix blocks per side, drawn per batch (default: ${DEFAULT-VALUE}).")
    int[] gridSizes;

    @Option(names = "--n-labels", description = "PuzzleMix mask values (default: ${DEFAULT-VALUE}: 0, 0.5, 1).")
    Integer nLabels;

    @Option(names = "--beta", description = "PuzzleMix label smoothness (default: ${DEFAULT-VALUE}).")
    Double beta;

    @Option(names = "--gamma", description = "PuzzleMix data smoothness (default: ${DEFAULT-VALUE}).")
    Double gamma;

    @Option(names = "--eta", description = "PuzzleMix prior weight (default: ${DEFAULT-VALUE}).")
    Double eta;

    @Option(names = "--neigh-size", description = "PuzzleMix pooling for the data-smoothness term (default: ${DEFAULT-VALUE}).")
    Integer neighSize;

    @Option(names = "--transport", negatable = true, fallbackValue = "true", description = "PuzzleMix block transport (default: ${DEFAULT-VALUE}).")
    Boolean transport;

    @Option(names = "--t-eps", description = "PuzzleMix transport distance weight (default: ${DEFAULT-VALUE}).")
    Double tEps;

    @Option(names = "--t-size", description = "PuzzleMix transport block side in pixels (default: ${DEFAULT-VALUE}; -1 = the mask's blocks).")
    Integer tSize;

    @Option(names = "--adv-p", description = "PuzzleMix adversarial step probability per side (default: ${DEFAULT-VALUE} = off; 0.1 in the paper's adversarial runs).")
    Double advP;

    @Option(names = "--adv-eps", description = "PuzzleMix adversarial radius in 1/255 (default: ${DEFAULT-VALUE}).")
    Double advEps;

    @Option(names = "--clean-lam", description = "PuzzleMix weight of the saliency pass's clean loss (default: ${DEFAULT-VALUE}).")
    Double cleanLam;

    @Option(names = "--graph-threads", description = "Threads solving a batch's graph cuts (default: ${DEFAULT-VALUE}, the number of cores).")
    Integer graphThreads;

    @Option(names = "--mask-solver", description = "PuzzleMix mask optimisation: exact (one min-cut, the global minimum) or swap (alpha-beta swap moves, as the reference) (default: ${DEFAULT-VALUE}).")
    String maskSolver;
}
