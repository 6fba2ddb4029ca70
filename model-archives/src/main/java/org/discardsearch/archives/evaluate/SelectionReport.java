package org.discardsearch.archives.evaluate;

import java.util.List;
import java.util.Map;

/**
 * What the calibration split chose for an archive, and the numbers it chose from. Nothing here comes from the
 * test split.
 *
 * @param harmlessDropTolerance a layer is harmless when none of its phases costs more than this much calibration
 *     accuracy
 * @param harmlessLayers the harmless layers
 * @param candidateLayerSets the layer sets searched for the best configuration (consecutive runs of harmless
 *     layers, up to three long, and always the architecture's default)
 * @param entropyCandidates every entropy-weighted search over the candidate sets, both orders, every budget from
 *     2, scored on the whole calibration split (5,000 images)
 * @param aggregationCandidates entropy weighting and attention at the chosen layers, order and budget, scored on
 *     the attention's held-out calibration part (1,000 images the attention never trained on)
 * @param layers the chosen searched layers
 * @param order the chosen order
 * @param criterion the chosen criterion (learned with attention, entropy otherwise)
 * @param aggregation the chosen aggregation
 * @param budget the chosen budget
 * @param earlyExitEntropy the early-exit threshold calibrated for the chosen configuration (the archive ships with
 *     early exit off; this is the value to set to turn it on)
 * @param earlyExitThresholds the calibrated threshold of every search method, by the method's name
 * @param servingProperties the {@code discardSearch.*} entries of the chosen configuration
 * @param notes how each choice was made, one sentence each
 */
public record SelectionReport(double harmlessDropTolerance, List<Integer> harmlessLayers,
        List<List<Integer>> candidateLayerSets, List<MethodResult> entropyCandidates,
        List<MethodResult> aggregationCandidates, List<Integer> layers, String order, String criterion,
        String aggregation, int budget, double earlyExitEntropy, Map<String, Double> earlyExitThresholds,
        Map<String, String> servingProperties, List<String> notes) {

    /** Copies the collections. */
    public SelectionReport {
        harmlessLayers = List.copyOf(harmlessLayers);
        candidateLayerSets = candidateLayerSets.stream().map(List::copyOf).toList();
        entropyCandidates = List.copyOf(entropyCandidates);
        aggregationCandidates = List.copyOf(aggregationCandidates);
        layers = List.copyOf(layers);
        earlyExitThresholds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(earlyExitThresholds));
        servingProperties = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(servingProperties));
        notes = List.copyOf(notes);
    }
}
