package org.discardsearch.archives.evaluate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.discardsearch.archives.data.LabelledImages;
import org.discardsearch.archives.train.CandidateSearch;
import org.discardsearch.config.CriterionKind;
import org.discardsearch.config.SearchOrderKind;
import org.discardsearch.image.Preprocessing;
import org.discardsearch.network.SearchableNetwork;
import org.discardsearch.pipeline.SearchComponents;
import org.discardsearch.search.Node;

/**
 * Measures every subsampling layer's phase sensitivity: for each layer, the network runs with that layer alone
 * at each of its R² phases (one search over that single layer, whose first expansion computes all phases) and
 * every other layer at its default.
 */
public final class PhaseSensitivity {

    private PhaseSensitivity() {}

    /**
     * Measures the sensitivity of every subsampling layer.
     *
     * @param network the backbone
     * @param preprocessing the serving preprocessing
     * @param images the images (the calibration part)
     * @param manager the manager under which each batch's scope opens
     * @param batchSize images per batch
     * @return one entry per subsampling layer, in order
     */
    public static List<LayerSensitivity> measure(SearchableNetwork network, Preprocessing preprocessing,
            LabelledImages images, NDManager manager, int batchSize) {
        int layers = network.subsamplingLayerCount();
        long[][] correct = new long[layers][];
        ParameterStore store = new ParameterStore(manager, false);
        for (int from = 0; from < images.size(); from += batchSize) {
            int to = Math.min(images.size(), from + batchSize);
            int[] indices = new int[to - from];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = from + i;
            }
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = preprocessing.toTensor(ImageView.ORIGINAL.pixels(images, indices, scope), scope);
                for (int layer = 0; layer < layers; layer++) {
                    int phases = network.stride(layer) * network.stride(layer);
                    if (correct[layer] == null) {
                        correct[layer] = new long[phases];
                    }
                    try (NDManager layerScope = scope.newSubManager()) {
                        x.tempAttach(layerScope);
                        CandidateSearch search = CandidateSearch.run(network, store, List.of(layer), x, phases,
                                SearchOrderKind.PAPER, SearchComponents.criterion(CriterionKind.ENTROPY, null));
                        for (int i = 0; i < indices.length; i++) {
                            List<Node> candidates = search.candidates(i);
                            for (Node candidate : candidates) {
                                int phase = candidate.state().phase(0);
                                if (argMax(candidate.logits()) == images.label(indices[i])) {
                                    correct[layer][phase]++;
                                }
                            }
                        }
                    }
                }
            }
        }
        List<LayerSensitivity> result = new ArrayList<>();
        int stride = 1;
        for (int layer = 0; layer < layers; layer++) {
            List<Double> accuracy = new ArrayList<>();
            for (long c : correct[layer]) {
                accuracy.add((double) c / images.size());
            }
            double worst = accuracy.subList(1, accuracy.size()).stream().mapToDouble(Double::doubleValue).min()
                    .orElse(accuracy.get(0));
            double mean = accuracy.subList(1, accuracy.size()).stream().mapToDouble(Double::doubleValue).average()
                    .orElse(accuracy.get(0));
            result.add(new LayerSensitivity(layer, stride, accuracy, accuracy.get(0) - worst, accuracy.get(0) - mean));
            stride *= network.stride(layer);
        }
        return result;
    }

    private static int argMax(float[] logits) {
        int best = 0;
        for (int c = 1; c < logits.length; c++) {
            if (logits[c] > logits[best]) {
                best = c;
            }
        }
        return best;
    }
}
