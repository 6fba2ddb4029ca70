package org.discardsearch.archives.evaluate;

import java.util.Objects;

/**
 * One row of an evaluation: what a user could deploy, scored against the plain model on the same images.
 *
 * @param family what kind of method it is
 * @param spec the search, for {@link Family#SEARCH}; null otherwise
 * @param budget states aggregated per view (1 for the baselines)
 * @param earlyExitEntropy the early-exit threshold on the default prediction's normalised entropy, 0 = off
 * @param flip whether the method also runs on the mirrored image and averages the two views' logits
 * @param views how many views' logits are averaged (1, 2 with flip, or the shift-TTA view count)
 */
public record Method(Family family, SearchSpec spec, int budget, double earlyExitEntropy, boolean flip, int views) {

    /** Kinds of method. */
    public enum Family {
        /** The plain network. */
        VANILLA,
        /** Discard search (optionally with early exit and flip). */
        SEARCH,
        /** The plain network on the image and its mirror image, logits averaged. */
        FLIP_TTA,
        /** The plain network on the image and 1-pixel moves of it, logits averaged. */
        SHIFT_TTA
    }

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if they do not fit the family
     */
    public Method {
        Objects.requireNonNull(family, "family");
        if ((family == Family.SEARCH) != (spec != null) || budget < 1 || views < 1 || earlyExitEntropy < 0
                || (family == Family.SHIFT_TTA && views > 1 + ImageView.ONE_PIXEL_SHIFTS.size())
                || (flip && views != 2)) {
            throw new IllegalArgumentException("Inconsistent method: " + family + ", " + spec + ", budget " + budget
                    + ", early exit " + earlyExitEntropy + ", flip " + flip + ", views " + views);
        }
    }

    /**
     * Returns the plain network.
     *
     * @return the method
     */
    public static Method vanilla() {
        return new Method(Family.VANILLA, null, 1, 0, false, 1);
    }

    /**
     * Returns horizontal-flip TTA.
     *
     * @return the method
     */
    public static Method flipTta() {
        return new Method(Family.FLIP_TTA, null, 1, 0, true, 2);
    }

    /**
     * Returns 1-pixel shift TTA over the original and the first {@code views - 1} moves of
     * {@link ImageView#ONE_PIXEL_SHIFTS}.
     *
     * @param views 2..9
     * @return the method
     */
    public static Method shiftTta(int views) {
        return new Method(Family.SHIFT_TTA, null, 1, 0, false, views);
    }

    /**
     * Returns discard search.
     *
     * @param spec the search
     * @param budget the budget per view
     * @param earlyExitEntropy the early-exit threshold, 0 = off
     * @param flip whether it also runs on the mirrored image
     * @return the method
     */
    public static Method search(SearchSpec spec, int budget, double earlyExitEntropy, boolean flip) {
        return new Method(Family.SEARCH, spec, budget, earlyExitEntropy, flip, flip ? 2 : 1);
    }

    /**
     * Returns the same method without early exit and flip, the search whose threshold is calibrated.
     *
     * @return the plain search at the same budget (or this for the baselines)
     */
    public Method base() {
        return family == Family.SEARCH ? search(spec, budget, 0, false) : this;
    }

    /**
     * Returns a name for tables, e.g. {@code entropy, paper, layers 1,2,3, B=16, early exit 0.05, + flip}.
     *
     * @return the name
     */
    public String name() {
        return switch (family) {
            case VANILLA -> "vanilla";
            case FLIP_TTA -> "flip TTA";
            case SHIFT_TTA -> "1-pixel shift TTA, " + views + " views";
            case SEARCH -> spec.label() + ", B=" + budget
                    + (earlyExitEntropy > 0 ? ", early exit " + earlyExitEntropy : "") + (flip ? ", + flip" : "");
        };
    }
}
