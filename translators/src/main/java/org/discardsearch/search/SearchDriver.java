package org.discardsearch.search;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.discardsearch.error.ErrorCategory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the searches of many images in lockstep (docs/algorithm.md §4.2): each iteration scores every
 * unfinished tree's candidates (except on its first iteration), picks one expansion per tree, and makes
 * one {@link Expander} call for all of them, whatever layers they decide, so the expander can batch the
 * images. With {@link Builder#optLookahead lookahead} the call also holds the expansions paper order has
 * already fixed after each pick; the tree then finds them computed when it picks them.
 *
 * <p>With an early-exit threshold t &gt; 0, the root call is split: first phase 0 only (the default
 * prediction) for every image; an image whose default normalised entropy is below t stops there with that
 * one candidate; the others then get phases 1..R_0²−1. The two halves count as one network call, as the
 * official root call computes all phases at once (§4.5). An image that does not exit gets exactly the
 * result it would get with early exit off.
 *
 * <p>A driver holds no per-run state, but its criterion and expander may; it is not thread-safe.
 */
public final class SearchDriver {

    private static final Logger logger = LoggerFactory.getLogger(SearchDriver.class);

    private final Criterion criterion;
    private final Expander expander;
    private final double earlyExitEntropy;
    private final boolean lookahead;

    private SearchDriver(Builder builder) {
        this.criterion = builder.criterion;
        this.expander = builder.expander;
        this.earlyExitEntropy = builder.earlyExitEntropy;
        this.lookahead = builder.lookahead;
    }

    /**
     * Returns a builder: {@code setCriterion} and {@code setExpander} are required,
     * {@code optEarlyExitEntropy} is optional (off by default).
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the trees to completion.
     *
     * @param trees one fresh tree per image; image i of every {@link ExpansionRequest} is {@code trees.get(i)}
     * @return one result per tree, in the same order
     * @throws SearchException (INTERNAL) if a tree was already used, the criterion or the expander break
     *     their contracts; errors thrown by the expander or the criterion pass through unchanged
     */
    public List<SearchResult> run(List<SearchTree> trees) {
        Objects.requireNonNull(trees, "trees");
        for (int image = 0; image < trees.size(); image++) {
            if (trees.get(image).expansions() != 0) {
                throw new SearchException(ErrorCategory.INTERNAL, "Search tree reused: image = '" + image
                        + "' has " + trees.get(image).expansions() + " expansions; expected a fresh tree");
            }
        }
        List<Deque<ComputedAhead>> ahead = new ArrayList<>();
        trees.forEach(tree -> ahead.add(new ArrayDeque<>()));
        int expanderCalls = 0;
        while (true) {
            List<Picked> picked = pickAll(trees, ahead);
            if (picked.isEmpty()) {
                break;
            }
            expanderCalls += expand(picked, ahead);
        }
        logger.debug("Search of {} images finished after {} expander calls", trees.size(), expanderCalls);
        return trees.stream()
                .map(tree -> new SearchResult(tree.candidates(), tree.expansions(), tree.exitedEarly()))
                .toList();
    }

    /**
     * Lets every unfinished tree score and pick; a pick that was computed ahead is completed at once and the
     * tree picks again, until it picks an expansion that still needs computing.
     */
    private List<Picked> pickAll(List<SearchTree> trees, List<Deque<ComputedAhead>> ahead) {
        List<Picked> picked = new ArrayList<>();
        for (int image = 0; image < trees.size(); image++) {
            SearchTree tree = trees.get(image);
            while (!tree.isFinished()) {
                if (tree.expansions() > 0) { // §4.2a: no scoring before the first expansion
                    tree.setScores(criterion.scores(image, tree.candidates()));
                }
                Optional<Expansion> expansion = tree.pick();
                if (expansion.isEmpty()) {
                    break;
                }
                ComputedAhead computed = ahead.get(image).poll();
                if (computed != null && computed.answers(expansion.get())) {
                    tree.addChildren(expansion.get(), computed.logits());
                    continue;
                }
                ahead.get(image).clear(); // a lookahead that missed: what followed it is void too
                picked.add(new Picked(image, tree, expansion.get()));
                break;
            }
        }
        return picked;
    }

    /**
     * Computes the picked expansions in one expander call, with the expansions that follow each of them and are
     * already fixed ({@link SearchTree#lookahead}) when lookahead is on; with early exit, roots first get a call
     * for their default phase alone. Returns the number of expander calls made.
     */
    private int expand(List<Picked> picked, List<Deque<ComputedAhead>> ahead) {
        int calls = 0;
        List<Picked> remaining = picked;
        Map<Picked, float[]> probedDefaults = new HashMap<>();
        if (earlyExitEntropy > 0 && picked.stream().anyMatch(p -> p.expansion().isRoot())) {
            remaining = probeRoots(picked, probedDefaults);
            calls++;
        }
        if (remaining.isEmpty()) {
            return calls;
        }
        List<ExpansionRequest> requests = new ArrayList<>();
        List<Integer> firstRequest = new ArrayList<>();
        for (Picked p : remaining) {
            firstRequest.add(requests.size());
            List<Integer> phases = p.expansion().phasesToCompute();
            requests.add(new ExpansionRequest(p.image(), p.expansion(),
                    probedDefaults.containsKey(p) ? phases.subList(1, phases.size()) : phases));
            if (lookahead) {
                for (Expansion next : p.tree().lookahead(p.expansion())) {
                    requests.add(new ExpansionRequest(p.image(), next, next.phasesToCompute()));
                }
            }
        }
        List<List<float[]>> answers = callExpander(requests);
        for (int i = 0; i < remaining.size(); i++) {
            Picked p = remaining.get(i);
            List<float[]> logits = new ArrayList<>();
            if (probedDefaults.containsKey(p)) {
                logits.add(probedDefaults.get(p));
            }
            logits.addAll(answers.get(firstRequest.get(i)));
            p.tree().addChildren(p.expansion(), logits);
            int end = i + 1 < remaining.size() ? firstRequest.get(i + 1) : requests.size();
            for (int r = firstRequest.get(i) + 1; r < end; r++) {
                ahead.get(p.image()).add(new ComputedAhead(requests.get(r).expansion(), answers.get(r)));
            }
        }
        return calls + 1;
    }

    /**
     * Computes the default phase of every picked root; a root whose default prediction is confident enough
     * exits there, one that needs no other phase is completed. Returns the picks still to compute, and puts
     * the default logits of the continuing roots in {@code probedDefaults}.
     */
    private List<Picked> probeRoots(List<Picked> picked, Map<Picked, float[]> probedDefaults) {
        List<Picked> roots = picked.stream().filter(p -> p.expansion().isRoot()).toList();
        List<ExpansionRequest> defaults = roots.stream()
                .map(p -> new ExpansionRequest(p.image(), p.expansion(), List.of(0)))
                .toList();
        List<List<float[]>> defaultAnswers = callExpander(defaults);
        List<Picked> remaining = new ArrayList<>(picked.stream().filter(p -> !p.expansion().isRoot()).toList());
        for (int i = 0; i < roots.size(); i++) {
            Picked root = roots.get(i);
            float[] defaultLogits = defaultAnswers.get(i).get(0);
            if (EntropyCriterion.normalisedEntropy(defaultLogits) < earlyExitEntropy) {
                root.tree().exitEarly(root.expansion(), defaultLogits);
            } else if (root.expansion().phasesToCompute().size() == 1) {
                root.tree().addChildren(root.expansion(), List.of(defaultLogits));
            } else {
                probedDefaults.put(root, defaultLogits);
                remaining.add(root);
            }
        }
        return remaining;
    }

    private List<List<float[]>> callExpander(List<ExpansionRequest> requests) {
        List<List<float[]>> answers = expander.expand(requests);
        if (answers == null || answers.size() != requests.size()) {
            throw new SearchException(ErrorCategory.INTERNAL, "Expander answered the wrong number of requests: got '"
                    + (answers == null ? null : answers.size()) + "'; expected " + requests.size());
        }
        for (int i = 0; i < requests.size(); i++) {
            ExpansionRequest request = requests.get(i);
            List<float[]> answer = answers.get(i);
            if (answer == null || answer.size() != request.phases().size()) {
                throw new SearchException(ErrorCategory.INTERNAL, "Expander answered the wrong number of children"
                        + " for image " + request.image() + " at position " + request.position() + ": got '"
                        + (answer == null ? null : answer.size()) + "'; expected " + request.phases().size()
                        + ", one per phase in " + request.phases());
            }
        }
        return answers;
    }

    /** One tree's pick of this iteration. */
    private record Picked(int image, SearchTree tree, Expansion expansion) {}

    /** An expansion computed ahead of its pick, with its children's logits. */
    private record ComputedAhead(Expansion expansion, List<float[]> logits) {

        /** Tells whether a pick is the expansion computed: same state (so same position) and phases. */
        boolean answers(Expansion pick) {
            return pick.state().equals(expansion.state()) && pick.phasesToCompute().equals(expansion.phasesToCompute());
        }
    }

    /** Builds a {@link SearchDriver}; {@code set*} values are required, {@code opt*} values optional. */
    public static final class Builder {

        private Criterion criterion;
        private Expander expander;
        private double earlyExitEntropy;
        private boolean lookahead;

        private Builder() {}

        /**
         * Sets the criterion that scores each image's candidates.
         *
         * @param criterion the criterion
         * @return this builder
         */
        public Builder setCriterion(Criterion criterion) {
            this.criterion = criterion;
            return this;
        }

        /**
         * Sets the expander that computes children.
         *
         * @param expander the expander
         * @return this builder
         */
        public Builder setExpander(Expander expander) {
            this.expander = expander;
            return this;
        }

        /**
         * Sets the early-exit threshold: an image whose default prediction has a normalised entropy below
         * it keeps only the default state. 0 or less turns early exit off (the default).
         *
         * @param threshold the normalised-entropy threshold, in [0, 1] to be useful
         * @return this builder
         */
        public Builder optEarlyExitEntropy(double threshold) {
            this.earlyExitEntropy = threshold;
            return this;
        }

        /**
         * Turns lookahead on or off (off by default): in paper order, each expander call then also holds the
         * expansions that follow each picked one and are already fixed ({@link SearchTree#lookahead}), so a
         * batching expander computes them in the same pass. The states, logits and expansion counts are the
         * same either way; an expansion computed ahead that the tree does not pick is dropped and computed
         * as picked.
         *
         * @param on whether to look ahead
         * @return this builder
         */
        public Builder optLookahead(boolean on) {
            this.lookahead = on;
            return this;
        }

        /**
         * Builds the driver.
         *
         * @return the driver
         * @throws SearchException (BAD_CONFIG) if the criterion or the expander is missing or the threshold
         *     is NaN
         */
        public SearchDriver build() {
            if (criterion == null || expander == null) {
                throw new SearchException(ErrorCategory.BAD_CONFIG, "Incomplete search driver: criterion = '"
                        + criterion + "', expander = '" + expander + "'; both are required");
            }
            if (Double.isNaN(earlyExitEntropy)) {
                throw new SearchException(ErrorCategory.BAD_CONFIG,
                        "Invalid early-exit entropy: threshold = 'NaN'; allowed: a number, <= 0 for off");
            }
            return new SearchDriver(this);
        }
    }
}
