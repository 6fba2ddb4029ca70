package org.discardsearch.archives.evaluate;

import java.util.List;
import java.util.Objects;
import org.discardsearch.search.EntropyCriterion;

/**
 * Scores {@link Method}s from a {@link LogitTable}: combines the views' logits (early exit, flip, shifts),
 * takes the top-1 class of every image and pairs it with the plain model's.
 *
 * <p>Early exit is applied per view exactly as the search driver applies it: a view whose default prediction
 * has a normalised entropy below the threshold keeps its plain logits and costs one call; the others get the
 * search's result, which early exit does not change.
 */
public final class MethodScoring {

    private final LogitTable table;
    private final List<Integer> referenceLayers;

    /**
     * Creates the scoring.
     *
     * @param table the logits
     * @param referenceLayers the searched layers whose plain pass is the reference of the baselines
     */
    public MethodScoring(LogitTable table, List<Integer> referenceLayers) {
        this.table = Objects.requireNonNull(table, "table");
        this.referenceLayers = List.copyOf(referenceLayers);
    }

    /**
     * Returns the table.
     *
     * @return the logits
     */
    public LogitTable table() {
        return table;
    }

    /**
     * Scores a method on all images or a subset.
     *
     * @param method the method
     * @param subset positions of the images to score, or null for all
     * @return the result, not timed
     */
    public MethodResult score(Method method, int[] subset) {
        Combined combined = combine(method);
        int[] labels = table.labels();
        int[] reference = predictions(table.vanilla(layersOf(method), ImageView.ORIGINAL), table.classes());
        PairedCounts counts = PairedCounts.of(labels, reference, combined.predictions(), subset);
        double calls = 0;
        double exits = 0;
        int n = subset == null ? labels.length : subset.length;
        for (int j = 0; j < n; j++) {
            int i = subset == null ? j : subset[j];
            calls += combined.calls()[i];
            exits += combined.exits()[i];
        }
        var gain = counts.gain();
        SearchSpec spec = method.spec();
        return new MethodResult(method.name(), method.family(), spec == null ? "" : spec.layersText(),
                spec == null ? "" : spec.order().configName(), spec == null ? "" : spec.criterion().configName(),
                spec == null ? "" : spec.aggregation().configName(), method.budget(), method.earlyExitEntropy(),
                method.flip(), method.views(), n, counts.methodCorrect(), counts.methodAccuracy(), gain.difference(),
                gain.lower(), gain.upper(), counts.mcNemarP(), counts.flippedRight(), counts.flippedWrong(), calls / n,
                method.family() == Method.Family.SEARCH ? exits / n / method.views() : 0, Double.NaN);
    }

    /**
     * Returns a method's top-1 prediction for every image.
     *
     * @param method the method
     * @return one class index per image
     */
    public int[] predictions(Method method) {
        return combine(method).predictions();
    }

    private List<Integer> layersOf(Method method) {
        return method.spec() == null ? referenceLayers : method.spec().layers();
    }

    private Combined combine(Method method) {
        int n = table.size();
        int k = table.classes();
        float[] sum = new float[n * k];
        int[] calls = new int[n];
        int[] exits = new int[n];
        List<ImageView> views = switch (method.family()) {
            case VANILLA -> List.of(ImageView.ORIGINAL);
            case FLIP_TTA -> List.of(ImageView.ORIGINAL, ImageView.FLIP);
            case SHIFT_TTA -> concat(ImageView.ORIGINAL, ImageView.ONE_PIXEL_SHIFTS.subList(0, method.views() - 1));
            case SEARCH -> method.flip() ? List.of(ImageView.ORIGINAL, ImageView.FLIP) : List.of(ImageView.ORIGINAL);
        };
        for (ImageView view : views) {
            float[] plain = table.vanilla(layersOf(method), view);
            if (method.family() != Method.Family.SEARCH) {
                add(sum, plain);
                for (int i = 0; i < n; i++) {
                    calls[i]++;
                }
                continue;
            }
            float[] searched = table.search(method.spec(), view, method.budget());
            int[] searchCalls = table.calls(method.spec(), view, method.budget());
            for (int i = 0; i < n; i++) {
                boolean exit = method.earlyExitEntropy() > 0 && method.budget() > 1
                        && EntropyCriterion.normalisedEntropy(row(plain, i, k)) < method.earlyExitEntropy();
                float[] source = exit ? plain : searched;
                for (int c = 0; c < k; c++) {
                    sum[i * k + c] += source[i * k + c];
                }
                calls[i] += exit ? 1 : searchCalls[i];
                exits[i] += exit ? 1 : 0;
            }
        }
        return new Combined(predictions(sum, k), calls, exits);
    }

    private static List<ImageView> concat(ImageView first, List<ImageView> rest) {
        java.util.ArrayList<ImageView> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private static void add(float[] sum, float[] values) {
        for (int i = 0; i < sum.length; i++) {
            sum[i] += values[i];
        }
    }

    private static float[] row(float[] logits, int i, int k) {
        float[] row = new float[k];
        System.arraycopy(logits, i * k, row, 0, k);
        return row;
    }

    /**
     * Returns the index of the largest logit of every row (the first on ties).
     *
     * @param logits (N x K) values, row-major
     * @param classes K
     * @return N class indices
     */
    public static int[] predictions(float[] logits, int classes) {
        int n = logits.length / classes;
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (logits[i * classes + c] > logits[i * classes + best]) {
                    best = c;
                }
            }
            predicted[i] = best;
        }
        return predicted;
    }

    /** Summed logits' predictions, calls and exits per image. */
    private record Combined(int[] predictions, int[] calls, int[] exits) {}
}
