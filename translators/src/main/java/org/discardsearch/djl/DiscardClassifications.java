package org.discardsearch.djl;

import ai.djl.modality.Classifications;
import java.util.List;
import org.discardsearch.result.SearchStats;

/** DJL's {@link Classifications}, with what the search cost. */
public final class DiscardClassifications extends Classifications {

    private static final long serialVersionUID = 1L;

    private final transient SearchStats stats;

    DiscardClassifications(List<String> classNames, List<Double> probabilities, SearchStats stats) {
        super(classNames, probabilities);
        this.stats = stats;
    }

    /**
     * Returns the search's cost for this image.
     *
     * @return the stats
     */
    public SearchStats stats() {
        return stats;
    }
}
