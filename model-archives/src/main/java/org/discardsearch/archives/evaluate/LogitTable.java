package org.discardsearch.archives.evaluate;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The logits a split's images got from every method run on them, and the network calls each cost: the plain
 * pass per view (for each set of searched layers, as an archive with those layers computes budget 1), and the
 * search of every {@link SearchSpec} per view and budget. Everything later (early exit, test-time augmentation,
 * accuracy, statistics) is computed from this table without running the network again.
 *
 * <p>Filled by {@link SplitRunner}, possibly from several threads; its methods are synchronized.
 */
public final class LogitTable {

    private final int[] labels;
    private final int classes;
    private final Map<VanillaKey, float[]> vanilla = new HashMap<>();
    private final Map<SearchKey, float[]> search = new HashMap<>();
    private final Map<SearchKey, int[]> calls = new HashMap<>();

    /**
     * Creates an empty table.
     *
     * @param labels the label of every image, in image order; copied
     * @param classes the number of classes K
     */
    public LogitTable(int[] labels, int classes) {
        this.labels = labels.clone();
        this.classes = classes;
    }

    /**
     * Returns the number of images.
     *
     * @return N
     */
    public int size() {
        return labels.length;
    }

    /**
     * Returns the number of classes.
     *
     * @return K
     */
    public int classes() {
        return classes;
    }

    /**
     * Returns the labels.
     *
     * @return a copy, one per image
     */
    public int[] labels() {
        return labels.clone();
    }

    /**
     * Stores the plain pass's logits of a range of images.
     *
     * @param layers the searched layers of the archive that computed them
     * @param view the view
     * @param from the first image of the range
     * @param logits (count x K) values, row-major
     */
    public synchronized void putVanilla(List<Integer> layers, ImageView view, int from, float[] logits) {
        System.arraycopy(logits, 0, vanilla.computeIfAbsent(new VanillaKey(layers, view),
                k -> new float[labels.length * classes]), from * classes, logits.length);
    }

    /**
     * Stores a search's logits and calls for a range of images.
     *
     * @param spec the search spec
     * @param view the view
     * @param budget the budget, at least 2
     * @param from the first image of the range
     * @param logits (count x K) values, row-major
     * @param callsPerImage the network calls of each image of the range
     */
    public synchronized void putSearch(SearchSpec spec, ImageView view, int budget, int from, float[] logits, int[] callsPerImage) {
        SearchKey key = new SearchKey(spec, view, budget);
        System.arraycopy(logits, 0, search.computeIfAbsent(key, k -> new float[labels.length * classes]),
                from * classes, logits.length);
        System.arraycopy(callsPerImage, 0, calls.computeIfAbsent(key, k -> new int[labels.length]), from,
                callsPerImage.length);
    }

    /**
     * Tells whether a search's logits are stored.
     *
     * @param spec the search spec
     * @param view the view
     * @param budget the budget
     * @return true if {@link #search} has them (always for budget 1 when the plain pass is stored)
     */
    public synchronized boolean hasSearch(SearchSpec spec, ImageView view, int budget) {
        return budget == 1 ? vanilla.containsKey(new VanillaKey(spec.layers(), view))
                : search.containsKey(new SearchKey(spec, view, budget));
    }

    /**
     * Returns the plain pass's logits.
     *
     * @param layers the searched layers of the archive
     * @param view the view
     * @return (N x K) values, row-major; not copied, do not modify
     * @throws IllegalArgumentException if they were not stored
     */
    public synchronized float[] vanilla(List<Integer> layers, ImageView view) {
        float[] logits = vanilla.get(new VanillaKey(List.copyOf(layers), view));
        if (logits == null) {
            throw new IllegalArgumentException("No plain-pass logits for layers " + layers + " and view " + view.name());
        }
        return logits;
    }

    /**
     * Returns a search's logits; budget 1 is the plain pass.
     *
     * @param spec the search spec
     * @param view the view
     * @param budget the budget
     * @return (N x K) values, row-major; not copied, do not modify
     * @throws IllegalArgumentException if they were not stored
     */
    public synchronized float[] search(SearchSpec spec, ImageView view, int budget) {
        if (budget == 1) {
            return vanilla(spec.layers(), view);
        }
        float[] logits = search.get(new SearchKey(spec, view, budget));
        if (logits == null) {
            throw new IllegalArgumentException("No logits for " + spec.label() + " at budget " + budget + " on view "
                    + view.name());
        }
        return logits;
    }

    /**
     * Returns a search's network calls per image; budget 1 costs one call.
     *
     * @param spec the search spec
     * @param view the view
     * @param budget the budget
     * @return one count per image; not copied, do not modify
     * @throws IllegalArgumentException if they were not stored
     */
    public synchronized int[] calls(SearchSpec spec, ImageView view, int budget) {
        if (budget == 1) {
            int[] ones = new int[labels.length];
            java.util.Arrays.fill(ones, 1);
            return ones;
        }
        int[] perImage = calls.get(new SearchKey(spec, view, budget));
        if (perImage == null) {
            throw new IllegalArgumentException("No calls for " + spec.label() + " at budget " + budget);
        }
        return perImage;
    }

    private record VanillaKey(List<Integer> layers, ImageView view) {
        VanillaKey {
            layers = List.copyOf(layers);
            Objects.requireNonNull(view, "view");
        }
    }

    private record SearchKey(SearchSpec spec, ImageView view, int budget) {}
}
