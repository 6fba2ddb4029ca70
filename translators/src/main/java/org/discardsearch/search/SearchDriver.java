package org.discardsearch.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.discardsearch.config.ErrorCategory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the searches of many images in lockstep (docs/algorithm.md §4.2): each iteration scores every
 * unfinished tree's candidates (except on its first iteration), picks one expansion per tree, and makes
 * one {@link Expander} call per layer position being decided, so the expander can batch the images that
 * decide the same layer.
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

    private SearchDriver(Builder builder) {
        this.criterion = builder.criterion;
        this.expander = builder.expander;
        this.earlyExitEntropy = builder.earlyExitEntropy;
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
        int expanderCalls = 0;
        while (true) {
            Map<Integer, List<Picked>> byPosition = pickAll(trees);
            if (byPosition.isEmpty()) {
                break;
            }
            for (Map.Entry<Integer, List<Picked>> group : byPosition.entrySet()) {
                if (earlyExitEntropy > 0 && group.getKey() == 0) {
                    expanderCalls += expandRootsWithEarlyExit(group.getValue());
                } else {
                    expandTogether(group.getValue());
                    expanderCalls++;
                }
            }
        }
        logger.debug("Search of {} images finished after {} expander calls", trees.size(), expanderCalls);
        return trees.stream()
                .map(tree -> new SearchResult(tree.candidates(), tree.expansions(), tree.exitedEarly()))
                .toList();
    }

    /** Scores and picks one expansion per unfinished tree, grouped by position in ascending order. */
    private Map<Integer, List<Picked>> pickAll(List<SearchTree> trees) {
        Map<Integer, List<Picked>> byPosition = new TreeMap<>();
        for (int image = 0; image < trees.size(); image++) {
            SearchTree tree = trees.get(image);
            if (tree.isFinished()) {
                continue;
            }
            if (tree.expansions() > 0) { // §4.2a: no scoring before the first expansion
                tree.setScores(criterion.scores(image, tree.candidates()));
            }
            int index = image;
            tree.pick().ifPresent(expansion -> byPosition
                    .computeIfAbsent(expansion.position(), position -> new ArrayList<>())
                    .add(new Picked(index, tree, expansion)));
        }
        return byPosition;
    }

    private void expandTogether(List<Picked> group) {
        List<ExpansionRequest> requests = group.stream()
                .map(picked -> new ExpansionRequest(picked.image(), picked.expansion(),
                        picked.expansion().phasesToCompute()))
                .toList();
        List<List<float[]>> answers = callExpander(requests);
        for (int i = 0; i < group.size(); i++) {
            group.get(i).tree().addChildren(group.get(i).expansion(), answers.get(i));
        }
    }

    /** Expands root expansions in two calls, default phase first; returns the number of expander calls. */
    private int expandRootsWithEarlyExit(List<Picked> roots) {
        List<ExpansionRequest> defaults = roots.stream()
                .map(picked -> new ExpansionRequest(picked.image(), picked.expansion(), List.of(0)))
                .toList();
        List<List<float[]>> defaultAnswers = callExpander(defaults);
        List<Picked> continuing = new ArrayList<>();
        List<float[]> continuingDefaults = new ArrayList<>();
        for (int i = 0; i < roots.size(); i++) {
            Picked picked = roots.get(i);
            float[] defaultLogits = defaultAnswers.get(i).get(0);
            if (EntropyCriterion.normalisedEntropy(defaultLogits) < earlyExitEntropy) {
                picked.tree().exitEarly(picked.expansion(), defaultLogits);
            } else if (picked.expansion().phasesToCompute().size() == 1) {
                picked.tree().addChildren(picked.expansion(), List.of(defaultLogits));
            } else {
                continuing.add(picked);
                continuingDefaults.add(defaultLogits);
            }
        }
        if (continuing.isEmpty()) {
            return 1;
        }
        List<ExpansionRequest> rest = continuing.stream()
                .map(picked -> {
                    List<Integer> phases = picked.expansion().phasesToCompute();
                    return new ExpansionRequest(picked.image(), picked.expansion(), phases.subList(1, phases.size()));
                })
                .toList();
        List<List<float[]>> restAnswers = callExpander(rest);
        for (int i = 0; i < continuing.size(); i++) {
            List<float[]> all = new ArrayList<>();
            all.add(continuingDefaults.get(i));
            all.addAll(restAnswers.get(i));
            continuing.get(i).tree().addChildren(continuing.get(i).expansion(), all);
        }
        return 2;
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

    /** Builds a {@link SearchDriver}; {@code set*} values are required, {@code opt*} values optional. */
    public static final class Builder {

        private Criterion criterion;
        private Expander expander;
        private double earlyExitEntropy;

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
