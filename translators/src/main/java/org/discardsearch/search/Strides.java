package org.discardsearch.search;

import java.util.List;
import java.util.Objects;
import org.discardsearch.error.ErrorCategory;

/** Validation of the per-layer strides of a search space, shared by the classes that take them. */
final class Strides {

    private Strides() {}

    /**
     * Checks the strides of the searched layers and returns an immutable copy.
     *
     * @param strides the stride R of each searched layer, shallowest first
     * @return the same strides, as an immutable list
     * @throws SearchException (BAD_CONFIG) if the list is empty, a stride is below 2, or the number of
     *     states (the product of the squared strides) does not fit in an {@code int}
     */
    static List<Integer> checked(List<Integer> strides) {
        Objects.requireNonNull(strides, "strides");
        if (strides.isEmpty()) {
            throw new SearchException(ErrorCategory.BAD_CONFIG,
                    "Invalid searched layers: strides = '[]'; expected at least one subsampling layer");
        }
        long states = 1;
        for (int layer = 0; layer < strides.size(); layer++) {
            Integer stride = strides.get(layer);
            if (stride == null || stride < 2) {
                throw new SearchException(ErrorCategory.BAD_CONFIG, "Invalid stride of searched layer "
                        + layer + ": stride = '" + stride + "'; allowed: integers >= 2");
            }
            states *= (long) stride * stride;
            if (states > Integer.MAX_VALUE) {
                throw new SearchException(ErrorCategory.BAD_CONFIG, "Search space too large: strides = '"
                        + strides + "'; allowed: a product of squared strides up to " + Integer.MAX_VALUE);
            }
        }
        return List.copyOf(strides);
    }

    /**
     * Returns the number of phases R² of a layer with stride R.
     *
     * @param stride the stride R
     * @return R²
     */
    static int phaseCount(int stride) {
        return stride * stride;
    }
}
