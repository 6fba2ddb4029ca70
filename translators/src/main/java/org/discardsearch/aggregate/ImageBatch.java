package org.discardsearch.aggregate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;
import java.util.function.BiFunction;

/**
 * What the batched {@link Aggregator#aggregateAll} implementations share: checking every image's candidates,
 * deciding whether they can go as one batch, and running one op over all of them stacked image-major.
 */
final class ImageBatch {

    private ImageBatch() {}

    /**
     * Checks every image's candidates and tells whether there are several images with one candidate count.
     *
     * @throws org.discardsearch.error.DiscardSearchException (INTERNAL) if an image's shapes or counts disagree
     */
    static boolean isBatch(List<NDArray> features, List<NDArray> logits, List<List<Offset>> offsets) {
        int count = CandidateChecks.candidateCount(features.get(0));
        boolean sameCount = true;
        for (int i = 0; i < features.size(); i++) {
            int own = CandidateChecks.candidateCount(features.get(i));
            CandidateChecks.classCount(logits.get(i), own);
            CandidateChecks.checkOffsets(offsets.get(i), own);
            sameCount &= own == count;
        }
        return features.size() > 1 && sameCount;
    }

    /**
     * Runs an op on all images' candidates stacked image-major, (N·P, C, H, W), with their offsets in the same
     * order, in a scope of its own: only the result reaches the first image's manager.
     */
    static NDArray apply(List<NDArray> features, List<List<Offset>> offsets,
            BiFunction<NDArray, List<Offset>, NDArray> op) {
        NDManager parent = features.get(0).getManager();
        try (NDManager scope = parent.newSubManager()) {
            NDArray all = NDArrays.concat(new NDList(features), 0);
            all.attach(scope);
            NDArray result = op.apply(all, offsets.stream().flatMap(List::stream).toList());
            result.attach(parent);
            return result;
        }
    }
}
