package io.mixkit.mix;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jgrapht.alg.flow.BoykovKolmogorovMFImpl;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleDirectedWeightedGraph;

/**
 * Minimises a {@link GridEnergy} by alpha-beta swap moves (Boykov, Veksler &amp; Zabih, "Fast approximate
 * energy minimization via graph cuts", PAMI 2001), the algorithm PuzzleMix runs through gco
 * ({@code cut_grid_graph(..., algorithm='swap')}).
 *
 * <p>One move takes the nodes labelled alpha or beta and relabels them optimally among {alpha, beta}
 * by one s-t min-cut: node {@code p} is joined to the source with capacity
 * {@code D_p(beta) + sum_{q not in move} w_pq V(beta, f_q)} and to the sink with
 * {@code D_p(alpha) + sum_{q not in move} w_pq V(alpha, f_q)}; neighbours inside the move are joined
 * both ways by {@code w_pq V(alpha, beta)}. A node left on the source side takes alpha. Cycles over all
 * label pairs repeat until none lowers the energy. The max-flow is JGraphT's Boykov-Kolmogorov
 * implementation (EPL/LGPL, unlike gco's research-only licence).
 *
 * <p>Swap moves reach a local minimum with respect to all swaps, not always the global one; on the small,
 * saliency-dominated grids of PuzzleMix the tests find it equal to exhaustive search.
 */
public final class AlphaBetaSwap {

    private static final double IMPROVEMENT = 1e-12;

    private AlphaBetaSwap() {}

    /**
     * @param e the energy
     * @return a labeling at which no alpha-beta swap lowers the energy, starting from the unary argmin
     */
    public static int[] minimise(GridEnergy e) {
        return minimise(e, e.unaryArgmin(), 50);
    }

    /**
     * @param e the energy
     * @param start the starting labeling (not modified)
     * @param maxCycles upper bound on cycles over all label pairs
     * @return the labeling found
     */
    public static int[] minimise(GridEnergy e, int[] start, int maxCycles) {
        if (start.length != e.size()) {
            throw new IllegalArgumentException("start labeling has " + start.length + " nodes, expected " + e.size());
        }
        int[] f = start.clone();
        double energy = e.energy(f);
        for (int cycle = 0; cycle < maxCycles; cycle++) {
            boolean improved = false;
            for (int a = 0; a < e.labels(); a++) {
                for (int b = a + 1; b < e.labels(); b++) {
                    int[] g = swap(e, f, a, b);
                    if (g == null) {
                        continue;
                    }
                    double eg = e.energy(g);
                    if (eg < energy - IMPROVEMENT) {
                        f = g;
                        energy = eg;
                        improved = true;
                    }
                }
            }
            if (!improved) {
                break;
            }
        }
        return f;
    }

    /** One alpha-beta move; null when no node carries alpha or beta. */
    static int[] swap(GridEnergy e, int[] f, int alpha, int beta) {
        int n = e.size();
        int[] index = new int[n];
        List<Integer> nodes = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            index[p] = -1;
            if (f[p] == alpha || f[p] == beta) {
                index[p] = nodes.size();
                nodes.add(p);
            }
        }
        if (nodes.isEmpty()) {
            return null;
        }
        double[][] v = e.labelCost();
        int source = nodes.size();
        int sink = source + 1;
        SimpleDirectedWeightedGraph<Integer, DefaultWeightedEdge> g = new SimpleDirectedWeightedGraph<>(DefaultWeightedEdge.class);
        for (int i = 0; i <= sink; i++) {
            g.addVertex(i);
        }
        double vab = v[alpha][beta];
        for (int i = 0; i < nodes.size(); i++) {
            int p = nodes.get(i);
            double[] t = {e.unary()[p][alpha], e.unary()[p][beta]};
            final int pi = i;
            e.forEachNeighbour(p, (q, w) -> {
                if (index[q] < 0) {
                    t[0] += w * v[alpha][f[q]];
                    t[1] += w * v[beta][f[q]];
                } else if (index[q] > pi && w * vab > 0) {
                    edge(g, pi, index[q], w * vab);
                    edge(g, index[q], pi, w * vab);
                }
            });
            // Shifting both t-links by the same constant keeps the minimum and makes capacities non-negative.
            double shift = Math.min(t[0], t[1]);
            edge(g, source, i, t[1] - shift);
            edge(g, i, sink, t[0] - shift);
        }
        BoykovKolmogorovMFImpl<Integer, DefaultWeightedEdge> flow = new BoykovKolmogorovMFImpl<>(g);
        flow.calculateMinCut(source, sink);
        Set<Integer> sourceSide = flow.getSourcePartition();
        int[] out = f.clone();
        for (int i = 0; i < nodes.size(); i++) {
            out[nodes.get(i)] = sourceSide.contains(i) ? alpha : beta;
        }
        return out;
    }

    private static void edge(SimpleDirectedWeightedGraph<Integer, DefaultWeightedEdge> g, int from, int to, double capacity) {
        if (capacity > 0) {
            g.setEdgeWeight(g.addEdge(from, to), capacity);
        }
    }
}
