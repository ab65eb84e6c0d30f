package io.mixkit.mix;

import java.util.Set;
import org.jgrapht.alg.flow.BoykovKolmogorovMFImpl;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleDirectedWeightedGraph;

/**
 * The exact minimum of a {@link GridEnergy} whose label cost is a convex function of the label
 * difference, {@code labelCost[i][j] = g(|i - j|)} (PuzzleMix's {@code (m_i - m_j)^2} is), by one s-t
 * min-cut on Ishikawa's layered graph (H. Ishikawa, "Exact optimization for Markov random fields with
 * convex priors", PAMI 2003).
 *
 * <p>Each node p becomes a chain {@code S -> p_1 -> ... -> p_{L-1} -> T} whose edge {@code p_k -> p_{k+1}}
 * costs {@code D_p(k)} (shifted to be non-negative), with infinite reverse edges so that exactly one chain
 * edge is cut: {@code f_p = k}. Neighbours p, q are joined by {@code p_k -> q_l} (and symmetrically) with
 * capacity {@code w_pq c(k - l)} for {@code k >= l}, where {@code c(0) = g(1) - g(0)} and
 * {@code c(t) = g(t+1) - 2 g(t) + g(t-1)}: the cut then pays exactly {@code w_pq g(|f_p - f_q|)}.
 * Unlike alpha-beta swap (what PuzzleMix's reference runs through gco, {@link AlphaBetaSwap}), this
 * never stops at a local minimum.
 */
public final class ConvexLabeling {

    private ConvexLabeling() {}

    /**
     * @param e an energy with a convex label cost of the label difference
     * @return a labeling of minimum energy
     * @throws IllegalArgumentException if the label cost is not of that form
     */
    public static int[] minimise(GridEnergy e) {
        int labels = e.labels();
        int n = e.size();
        if (labels == 1) {
            return new int[n];
        }
        double[] c = differences(e.labelCost());
        int layers = labels - 1;
        int source = n * layers;
        int sink = source + 1;
        SimpleDirectedWeightedGraph<Integer, DefaultWeightedEdge> g = new SimpleDirectedWeightedGraph<>(DefaultWeightedEdge.class);
        for (int v = 0; v <= sink; v++) {
            g.addVertex(v);
        }
        double cSum = 0;
        for (double v : c) {
            cSum += v;
        }
        double infinity = 1;
        for (double[] u : e.unary()) {
            for (double v : u) {
                infinity += Math.abs(v);
            }
        }
        for (double w : e.vertical()) {
            infinity += w * cSum * labels * labels;
        }
        for (double w : e.horizontal()) {
            infinity += w * cSum * labels * labels;
        }
        for (int p = 0; p < n; p++) {
            double[] d = e.unary()[p];
            double min = Double.POSITIVE_INFINITY;
            for (double v : d) {
                min = Math.min(min, v);
            }
            edge(g, source, p * layers, d[0] - min);
            for (int k = 1; k < layers; k++) {
                edge(g, p * layers + k - 1, p * layers + k, d[k] - min);
                edge(g, p * layers + k, p * layers + k - 1, infinity);
            }
            edge(g, p * layers + layers - 1, sink, d[labels - 1] - min);
            final int pp = p;
            e.forEachNeighbour(p, (q, w) -> {
                if (w <= 0) {
                    return;
                }
                // p_k -> q_l for k >= l; the edge from q's side is added when q is visited.
                for (int k = 1; k <= layers; k++) {
                    for (int l = 1; l <= k; l++) {
                        edge(g, pp * layers + k - 1, q * layers + l - 1, w * c[k - l]);
                    }
                }
            });
        }
        BoykovKolmogorovMFImpl<Integer, DefaultWeightedEdge> flow = new BoykovKolmogorovMFImpl<>(g);
        flow.calculateMinCut(source, sink);
        Set<Integer> sourceSide = flow.getSourcePartition();
        int[] f = new int[n];
        for (int p = 0; p < n; p++) {
            int k = 0;
            while (k < layers && sourceSide.contains(p * layers + k)) {
                k++;
            }
            f[p] = k;
        }
        return f;
    }

    /** {@code c(t)} for t = 0..L-2 from {@code g(d) = labelCost[0][d]}, checking the cost's form and convexity. */
    static double[] differences(double[][] cost) {
        int labels = cost.length;
        for (int i = 0; i < labels; i++) {
            for (int j = 0; j < labels; j++) {
                if (Math.abs(cost[i][j] - cost[0][Math.abs(i - j)]) > 1e-12) {
                    throw new IllegalArgumentException("the exact solver needs a label cost g(|i - j|); entry [" + i + "][" + j + "] differs");
                }
            }
        }
        double[] c = new double[labels - 1];
        c[0] = cost[0][1] - cost[0][0];
        for (int t = 1; t < labels - 1; t++) {
            c[t] = cost[0][t + 1] - 2 * cost[0][t] + cost[0][t - 1];
        }
        for (double v : c) {
            if (v < -1e-12) {
                throw new IllegalArgumentException("the exact solver needs a convex label cost; use alpha-beta swap");
            }
        }
        return c;
    }

    private static void edge(SimpleDirectedWeightedGraph<Integer, DefaultWeightedEdge> g, int from, int to, double capacity) {
        if (capacity > 0) {
            DefaultWeightedEdge existing = g.getEdge(from, to);
            if (existing != null) {
                g.setEdgeWeight(existing, g.getEdgeWeight(existing) + capacity);
            } else {
                g.setEdgeWeight(g.addEdge(from, to), capacity);
            }
        }
    }
}
