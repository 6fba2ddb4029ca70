package org.discardsearch.pipeline;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.discardsearch.aggregate.Aggregator;
import org.discardsearch.aggregate.Alignment;
import org.discardsearch.aggregate.AttentionAggregator;
import org.discardsearch.aggregate.EntropyAggregator;
import org.discardsearch.aggregate.MeanAggregator;
import org.discardsearch.aggregate.Offset;
import org.discardsearch.config.AggregationKind;
import org.discardsearch.config.CriterionKind;
import org.discardsearch.search.Criterion;
import org.discardsearch.search.DisplacementCriterion;
import org.discardsearch.search.EntropyCriterion;
import org.discardsearch.search.LearnedCriterion;
import org.discardsearch.search.Node;
import org.discardsearch.search.ReceivedAttention;
import org.discardsearch.search.State;
import org.discardsearch.search.StateEvaluator;

/**
 * The criterion and the aggregator a configuration names, built in this one place for the serving block
 * ({@link DiscardSearchBlock}) and for the offline tools that evaluate and train on the same searches, so that
 * what an archive serves and what its evaluation measured cannot drift apart.
 */
public final class SearchComponents {

    private SearchComponents() {
    }

    /**
     * Returns the criterion of a kind, made from a run's state evaluator: entropy, displacement, or the attention
     * the module gives the candidates' unaligned maps.
     *
     * @param kind the criterion kind
     * @param attention the attention module; used by {@link CriterionKind#LEARNED} only, may be null otherwise
     * @return a factory of the criterion from the run's state evaluator
     */
    public static Function<StateEvaluator, Criterion> criterion(CriterionKind kind, AttentionAggregator attention) {
        return switch (kind) {
            case ENTROPY -> states -> new EntropyCriterion();
            case DELTA -> states -> new DisplacementCriterion();
            case LEARNED -> states -> new LearnedCriterion(receivedAttention(states, attention));
        };
    }

    /**
     * Returns the attention a module gives each of an image's candidates, from their unaligned final maps.
     *
     * @param states the state evaluator that computed the candidates
     * @param attention the attention module
     * @return the received attention, as the learned criteria read it
     */
    public static ReceivedAttention receivedAttention(StateEvaluator states, AttentionAggregator attention) {
        Objects.requireNonNull(attention, "attention");
        return (image, candidates) -> {
            float[] received = attention.importance(states.finalMaps(image, states(candidates)),
                    offsets(candidates));
            double[] out = new double[received.length];
            for (int p = 0; p < received.length; p++) {
                out[p] = received[p];
            }
            return out;
        };
    }

    /**
     * Returns the aggregator of a kind: the mean or entropy weights, aligned by the product of the searched
     * strides or not, or the attention module (which aligns itself).
     *
     * @param kind the aggregation kind
     * @param align whether the mean and entropy weights align the candidates' maps first
     * @param alignmentStride the product of the searched layers' strides
     * @param attention the attention module; used by {@link AggregationKind#ATTENTION} only, may be null otherwise
     * @return the aggregator
     */
    public static Aggregator aggregator(AggregationKind kind, boolean align, int alignmentStride,
            AttentionAggregator attention) {
        return switch (kind) {
            case MEAN -> align ? MeanAggregator.aligned(new Alignment(alignmentStride)) : MeanAggregator.unaligned();
            case ENTROPY -> align ? EntropyAggregator.aligned(new Alignment(alignmentStride))
                    : EntropyAggregator.unaligned();
            case ATTENTION -> Objects.requireNonNull(attention, "attention module");
        };
    }

    /**
     * Returns the states of some candidates.
     *
     * @param candidates the candidates
     * @return their states, in order
     */
    public static List<State> states(List<Node> candidates) {
        return candidates.stream().map(Node::state).toList();
    }

    /**
     * Returns the offsets of some candidates' maps, as the aggregators align them.
     *
     * @param candidates the candidates
     * @return their displacements as offsets, in order
     */
    public static List<Offset> offsets(List<Node> candidates) {
        return candidates.stream().map(c -> new Offset(c.displacement().dx(), c.displacement().dy())).toList();
    }
}
