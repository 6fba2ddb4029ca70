package org.discardsearch.aggregate;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.discardsearch.config.DiscardSearchException;
import org.discardsearch.config.ErrorCategory;

/** How the candidates' maps of one image are combined ({@code docs/algorithm.md} §5.2–5.4). */
public enum AggregationKind {
    /** Plain average of the candidates' maps, see {@link MeanAggregator}. */
    MEAN("mean"),
    /** Average weighted by each candidate's confidence, see {@link EntropyAggregator}. */
    ENTROPY("entropy"),
    /** Learned attention over the candidates, see {@link AttentionAggregator}. */
    ATTENTION("attention");

    private final String label;

    AggregationKind(String label) {
        this.label = label;
    }

    /**
     * Returns the name used in configuration, such as {@code "entropy"}.
     *
     * @return the configuration name
     */
    public String label() {
        return label;
    }

    /**
     * Parses a configuration name; the match is exact (lower case, no surrounding blanks).
     *
     * @param value the configured value
     * @return the kind it names
     * @throws DiscardSearchException (BAD_CONFIG) naming the value and the allowed names if none matches
     */
    public static AggregationKind fromString(String value) {
        for (AggregationKind kind : values()) {
            if (kind.label.equals(value)) {
                return kind;
            }
        }
        String allowed = Arrays.stream(values()).map(AggregationKind::label).collect(Collectors.joining(", "));
        throw new DiscardSearchException(
                ErrorCategory.BAD_CONFIG, "Invalid aggregation: value = '" + value + "'; allowed: " + allowed);
    }
}
