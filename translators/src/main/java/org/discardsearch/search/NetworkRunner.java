package org.discardsearch.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.discardsearch.layer.Phase;
import org.discardsearch.layer.PhasePlan;
import org.discardsearch.network.SearchableNetwork;

/**
 * A segmented network with its searched layers resolved to units, that counts the rows every unit and the head
 * run, and from them the multiply-accumulates when asked (working the per-unit MACs out walks the network's
 * shapes, which costs more than a small search: it is done only for {@link #macs()}). Shared by both evaluators
 * so that they cut and count the network alike.
 */
final class NetworkRunner {

    private final SearchableNetwork network;
    private final ParameterStore parameterStore;
    private final int[] searchedUnits;
    private final List<Integer> strides;
    private final Shape singleImage;
    private final long[] unitRows;
    private long headRows;

    NetworkRunner(SearchableNetwork network, ParameterStore parameterStore, List<Integer> searchedLayers,
            Shape imageShape) {
        network.validateSearchedLayers(searchedLayers);
        this.network = network;
        this.parameterStore = parameterStore;
        this.searchedUnits = searchedLayers.stream().mapToInt(network::unitOfLayer).toArray();
        List<Integer> layerStrides = new ArrayList<>();
        for (int layer : searchedLayers) {
            layerStrides.add(network.stride(layer));
        }
        this.strides = List.copyOf(layerStrides);
        this.singleImage = new Shape(1, imageShape.get(1), imageShape.get(2), imageShape.get(3));
        this.unitRows = new long[network.unitCount()];
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
        return position < searchedUnits.length ? searchedUnits[position] : network.unitCount();
    }

    /** Runs units [from, to), the first producing the plan's rows, and counts the rows each unit ran. */
    NDArray run(NDArray input, int from, int to, PhasePlan plan) {
        for (int unit = from; unit < to; unit++) {
            unitRows[unit] += plan.size();
        }
        return network.runUnits(parameterStore, input, from, to, plan);
    }

    /** Runs units [from, to) on every input row at one phase of the first unit, counting the rows. */
    NDArray run(NDArray input, int from, int to, Phase phase) {
        return run(input, from, to, PhasePlan.everyPhase(Math.toIntExact(input.getShape().get(0)), List.of(phase)));
    }

    /** Classifies final maps with the head, counting the rows. */
    NDArray classify(NDArray maps) {
        headRows += maps.getShape().get(0);
        return network.classify(parameterStore, maps);
    }

    /** Returns the phase of searched position d for a selection index. */
    Phase phase(int position, int index) {
        return Phase.ofIndex(Math.max(index, 0), strides.get(position));
    }

    /** Returns the multiply-accumulates of everything run so far: per-image MACs times rows, unit by unit. */
    long macs() {
        long[] unitMacs = network.unitMacs(singleImage);
        long macs = headRows * network.headMacs(singleImage);
        for (int unit = 0; unit < unitMacs.length; unit++) {
            macs += unitRows[unit] * unitMacs[unit];
        }
        return macs;
    }
}
