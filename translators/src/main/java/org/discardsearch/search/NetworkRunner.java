package org.discardsearch.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.discardsearch.layer.Phase;
import org.discardsearch.layer.PhasePlan;
import org.discardsearch.network.SegmentedNetwork;

/**
 * A segmented network with its searched layers resolved to units, that counts the multiply-accumulates of
 * every range of units it runs. Shared by both evaluators so that they cut and count the network alike.
 */
final class NetworkRunner {

    private final SegmentedNetwork network;
    private final ParameterStore parameterStore;
    private final int[] searchedUnits;
    private final List<Integer> strides;
    private final long[] unitMacs;
    private final long headMacs;
    private long macs;

    NetworkRunner(SegmentedNetwork network, ParameterStore parameterStore, List<Integer> searchedLayers,
            Shape imageShape) {
        network.validateSearchedLayers(searchedLayers);
        this.network = network;
        this.parameterStore = parameterStore;
        this.searchedUnits = searchedLayers.stream().mapToInt(network::unitOfLayer).toArray();
        List<Integer> layerStrides = new ArrayList<>();
        for (int layer : searchedLayers) {
            layerStrides.add(network.subsamplingLayer(layer).stride());
        }
        this.strides = List.copyOf(layerStrides);
        Shape single = new Shape(1, imageShape.get(1), imageShape.get(2), imageShape.get(3));
        this.unitMacs = network.unitMacs(single);
        this.headMacs = network.headMacs(single);
    }

    /** Returns the strides of the searched layers, in order. */
    List<Integer> strides() {
        return strides;
    }

    /** Returns the number of searched layers D. */
    int depth() {
        return searchedUnits.length;
    }

    /** Returns the unit where searched position d starts, or the unit count for d = D (the final map). */
    int unitOfPosition(int position) {
        return position < searchedUnits.length ? searchedUnits[position] : network.units().size();
    }

    /**
     * Runs units [from, to), the first producing the plan's rows, and counts the work: every unit costs its
     * per-image MACs once per output row.
     */
    NDArray run(NDArray input, int from, int to, PhasePlan plan) {
        for (int unit = from; unit < to; unit++) {
            macs += plan.size() * unitMacs[unit];
        }
        return network.runUnits(parameterStore, input, from, to, plan);
    }

    /** Runs units [from, to) on every input row at one phase of the first unit, counting the work. */
    NDArray run(NDArray input, int from, int to, Phase phase) {
        return run(input, from, to, PhasePlan.everyPhase(Math.toIntExact(input.getShape().get(0)), List.of(phase)));
    }

    /** Classifies final maps with the head, counting its work. */
    NDArray classify(NDArray maps) {
        macs += maps.getShape().get(0) * headMacs;
        return network.head().classify(parameterStore, maps);
    }

    /** Returns the phase of searched position d for a selection index. */
    Phase phase(int position, int index) {
        return Phase.ofIndex(Math.max(index, 0), strides.get(position));
    }

    long macs() {
        return macs;
    }
}
