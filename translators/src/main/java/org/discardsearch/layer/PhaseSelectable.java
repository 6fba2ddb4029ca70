package org.discardsearch.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.List;

/**
 * A block that contains one subsampling step whose kept phase can be chosen. Running it with k phases turns a
 * batch of N inputs into N·k outputs; row n·k + j holds input n at phase {@code phases.get(j)}. Every output has
 * the spatial shape of the default output.
 */
public interface PhaseSelectable extends Block {

    /**
     * Returns the stride R of the subsampling step, or 1 when this block does not subsample.
     *
     * @return the stride
     */
    int stride();

    /**
     * Runs the block at inference, keeping the given phases of its subsampling step.
     *
     * <p>A single {@link Phase#ORIGIN} runs exactly the stock operation, so the default state reproduces the plain
     * forward pass bit for bit. Other phases pad explicitly, shift by (dy, dx) and apply the strided op
     * (docs/algorithm.md §2.4); the work is that of k strided ops, never a stride-1 op followed by slicing.
     *
     * @param parameterStore where the parameters are read from
     * @param input activations (N, C, H, W); the result is attached to the input's manager
     * @param phases the phases to keep, at least one, each inside [0, R)²
     * @return activations (N·k, C', H', W')
     */
    default NDArray forwardPhases(ParameterStore parameterStore, NDArray input, List<Phase> phases) {
        int inputs = Math.toIntExact(input.getShape().get(0));
        return forwardPlan(parameterStore, input, PhasePlan.everyPhase(inputs, phases));
    }

    /**
     * Runs the block at inference with a phase per output row: output row i is input row {@code plan.source(i)}
     * at phase {@code plan.phase(i)}, so rows at different phases share one batch.
     *
     * <p>A {@linkplain PhasePlan#isStock stock} plan runs exactly the stock operation; any other plan runs the
     * shifted, explicitly padded op once for all its rows.
     *
     * @param parameterStore where the parameters are read from
     * @param input activations (N, C, H, W); the result is attached to the input's manager
     * @param plan the rows to produce; every source row below N and every phase inside [0, R)²
     * @return activations (plan.size(), C', H', W')
     */
    NDArray forwardPlan(ParameterStore parameterStore, NDArray input, PhasePlan plan);
}
