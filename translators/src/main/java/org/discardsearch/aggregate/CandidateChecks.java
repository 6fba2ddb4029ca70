package org.discardsearch.aggregate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;

/**
 * Shape checks on one image's candidates, shared by the aggregators and the attention trainer; every failure is a
 * caller bug.
 */
public final class CandidateChecks {

    private CandidateChecks() {}

    /**
     * Checks that {@code features} is (P, C, H, W) with P ≥ 1 and returns P.
     *
     * @param features the candidates' maps
     * @return the number of candidates
     */
    static int candidateCount(NDArray features) {
        Shape shape = features.getShape();
        if (shape.dimension() != 4 || shape.get(0) < 1) {
            throw fail("candidate maps", shape, "(P, C, H, W) with P >= 1");
        }
        return Math.toIntExact(shape.get(0));
    }

    /**
     * Checks that {@code logits} is (P, K) with K ≥ 2 and returns K.
     *
     * @param logits the candidates' logits
     * @param count the number of candidates P
     * @return the number of classes
     */
    static int classCount(NDArray logits, int count) {
        Shape shape = logits.getShape();
        if (shape.dimension() != 2 || shape.get(0) != count || shape.get(1) < 2) {
            throw fail("candidate logits", shape, "(" + count + ", K) with K >= 2");
        }
        return Math.toIntExact(shape.get(1));
    }

    /**
     * Checks that there is one offset per candidate.
     *
     * @param offsets the candidates' displacements
     * @param count the number of candidates P
     */
    static void checkOffsets(List<Offset> offsets, int count) {
        if (offsets.size() != count) {
            throw new DiscardSearchException(
                    ErrorCategory.INTERNAL,
                    "Offsets do not match the candidates: count = '" + offsets.size() + "'; expected " + count);
        }
    }

    /**
     * Builds the error for an array of the wrong shape.
     *
     * @param what the array's role
     * @param actual its shape
     * @param expected the expected shape, in words
     * @return the error to throw
     */
    public static DiscardSearchException fail(String what, Shape actual, String expected) {
        return new DiscardSearchException(
                ErrorCategory.INTERNAL, "Wrong shape of " + what + ": shape = '" + actual + "'; expected " + expected);
    }
}
