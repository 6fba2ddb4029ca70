package org.discardsearch.archives.evaluate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.discardsearch.config.AggregationKind;
import org.discardsearch.config.CriterionKind;
import org.discardsearch.config.SearchOrderKind;

/**
 * Chooses an archive's configuration on the calibration split, in three steps, each on data the test split never
 * touches:
 * <ol>
 *   <li><b>Layers, order and budget</b> ({@link #chooseSearch}): the phase sensitivity of every layer (whole
 *       calibration split) marks the harmless layers, those none of whose phases costs more than the tolerance;
 *       every consecutive run of harmless layers up to three long, plus the architecture's default layers, is a
 *       candidate. Every entropy-weighted search over a candidate, in both orders, at every budget from 2 is scored
 *       on the whole calibration split; the most accurate wins (fewer network calls, then the earlier candidate,
 *       on ties).</li>
 *   <li><b>Aggregation</b> ({@link #finish}): at the chosen layers, order and budget, entropy weighting and the
 *       trained attention (with its learned criterion) are scored on the attention's held-out calibration part,
 *       which it never trained on; attention wins only if strictly more accurate there.</li>
 *   <li><b>Early-exit threshold</b>, for every search method: the largest threshold of {@link #EARLY_EXIT_GRID}
 *       that keeps at least 90% of the method's calibration gain (or, when the gain is not positive, loses no
 *       accuracy), judged where the method is judged (attention on the held-out part).</li>
 * </ol>
 */
public final class Selection {

    /** A layer is harmless when none of its phases costs more than this calibration accuracy. */
    public static final double DEFAULT_TOLERANCE = 0.01;

    /** Early-exit thresholds tried, on the default prediction's normalised entropy. */
    public static final List<Double> EARLY_EXIT_GRID = List.of(0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5);

    /** Fraction of the calibration gain early exit must keep. */
    public static final double EARLY_EXIT_KEEP = 0.9;

    private final double tolerance;
    private final List<Integer> harmless;
    private final List<List<Integer>> candidateSets;
    private final List<MethodResult> entropyCandidates;
    private final Method chosen;
    private final MethodScoring calibration;

    private Selection(double tolerance, List<Integer> harmless, List<List<Integer>> candidateSets,
            List<MethodResult> entropyCandidates, Method chosen, MethodScoring calibration) {
        this.tolerance = tolerance;
        this.harmless = harmless;
        this.candidateSets = candidateSets;
        this.entropyCandidates = entropyCandidates;
        this.chosen = chosen;
        this.calibration = calibration;
    }

    /**
     * Returns the candidate layer sets: every consecutive run of harmless layers up to three long, then the
     * default layers if not already there. With no harmless layer, the least sensitive layer alone is the harmless
     * candidate.
     *
     * @param sensitivity every layer's sensitivity
     * @param tolerance the largest accuracy a harmless layer's worst phase may cost
     * @param defaultLayers the architecture's default searched layers
     * @return the candidate sets, in order
     */
    public static List<List<Integer>> candidateLayerSets(List<LayerSensitivity> sensitivity, double tolerance,
            List<Integer> defaultLayers) {
        List<Integer> harmless = harmlessLayers(sensitivity, tolerance);
        if (harmless.isEmpty()) {
            harmless = List.of(sensitivity.stream().min(Comparator.comparingDouble(LayerSensitivity::worstDrop))
                    .orElseThrow().layer());
        }
        List<List<Integer>> sets = new ArrayList<>();
        for (int length = 1; length <= 3; length++) {
            for (int first : harmless) {
                List<Integer> set = new ArrayList<>();
                for (int l = first; l < first + length; l++) {
                    set.add(l);
                }
                if (harmless.containsAll(set)) {
                    sets.add(List.copyOf(set));
                }
            }
        }
        if (!sets.contains(defaultLayers)) {
            sets.add(List.copyOf(defaultLayers));
        }
        return sets;
    }

    /**
     * Returns the layers none of whose phases costs more than the tolerance.
     *
     * @param sensitivity every layer's sensitivity
     * @param tolerance the largest accuracy a phase may cost
     * @return the harmless layers, ascending
     */
    public static List<Integer> harmlessLayers(List<LayerSensitivity> sensitivity, double tolerance) {
        return sensitivity.stream().filter(s -> s.worstDrop() <= tolerance).map(LayerSensitivity::layer).toList();
    }

    /**
     * Returns the entropy-weighted searches over some layer sets, both orders.
     *
     * @param layerSets the sets
     * @return paper then best-first for each set
     */
    public static List<SearchSpec> entropySpecs(List<List<Integer>> layerSets) {
        return specs(layerSets, CriterionKind.ENTROPY, AggregationKind.ENTROPY);
    }

    /**
     * Returns the attention searches (learned criterion) over some layer sets, both orders.
     *
     * @param layerSets the sets
     * @return paper then best-first for each set
     */
    public static List<SearchSpec> attentionSpecs(List<List<Integer>> layerSets) {
        return specs(layerSets, CriterionKind.LEARNED, AggregationKind.ATTENTION);
    }

    private static List<SearchSpec> specs(List<List<Integer>> layerSets, CriterionKind criterion,
            AggregationKind aggregation) {
        List<SearchSpec> specs = new ArrayList<>();
        for (List<Integer> layers : layerSets) {
            for (SearchOrderKind order : SearchOrderKind.values()) {
                specs.add(new SearchSpec(layers, order, criterion, aggregation));
            }
        }
        return specs;
    }

    /**
     * Step 1: chooses layers, order and budget among the entropy-weighted searches.
     *
     * @param calibration the scoring of the whole calibration split; it must hold every spec of
     *     {@link #entropySpecs} over {@code candidateSets} at {@code budgets}
     * @param sensitivity every layer's sensitivity on the calibration split
     * @param tolerance the harmless-layer tolerance
     * @param candidateSets the candidate layer sets ({@link #candidateLayerSets})
     * @param budgets the budgets (those from 2 that a spec can reach are tried)
     * @return the selection so far
     */
    public static Selection chooseSearch(MethodScoring calibration, List<LayerSensitivity> sensitivity,
            double tolerance, List<List<Integer>> candidateSets, List<Integer> budgets) {
        List<MethodResult> results = new ArrayList<>();
        Method best = null;
        MethodResult bestResult = null;
        for (SearchSpec spec : entropySpecs(candidateSets)) {
            for (int budget : spec.budgets(budgets)) {
                Method method = Method.search(spec, budget, 0, false);
                MethodResult result = calibration.score(method, null);
                results.add(result);
                if (bestResult == null || result.correct() > bestResult.correct()
                        || (result.correct() == bestResult.correct()
                                && result.callsPerImage() < bestResult.callsPerImage())) {
                    best = method;
                    bestResult = result;
                }
            }
        }
        Objects.requireNonNull(best, "no runnable entropy search");
        return new Selection(tolerance, harmlessLayers(sensitivity, tolerance), candidateSets, results, best,
                calibration);
    }

    /**
     * Returns the search chosen in step 1.
     *
     * @return entropy weighting at the chosen layers, order and budget
     */
    public Method chosenSearch() {
        return chosen;
    }

    /**
     * Steps 2 and 3: chooses the aggregation and calibrates the early-exit thresholds.
     *
     * @param heldOut the scoring of the attention's held-out calibration part, holding the attention specs of
     *     {@code attentionSpecs} and the chosen entropy spec at the chosen budget; null when no attention module
     *     exists (entropy weighting is then chosen)
     * @param attentionSpecs the attention specs whose thresholds to calibrate (on {@code heldOut})
     * @param budgets the budgets
     * @return the report
     */
    public SelectionReport finish(MethodScoring heldOut, List<SearchSpec> attentionSpecs, List<Integer> budgets) {
        List<String> notes = new ArrayList<>();
        notes.add(String.format(Locale.ROOT, "Phase sensitivity (whole calibration split): harmless layers %s, "
                + "those whose worst phase costs at most %.1f points; candidate layer sets %s.", harmless,
                100 * tolerance, candidateSets));
        MethodResult entropyResult = calibration.score(chosen, null);
        notes.add(String.format(Locale.ROOT, "Layers, order and budget (whole calibration split, entropy weighting):"
                + " %s, %.2f%% against %.2f%% for the plain model.", chosen.name(), 100 * entropyResult.accuracy(),
                100 * (entropyResult.accuracy() - entropyResult.gain())));
        SearchSpec spec = chosen.spec();
        List<MethodResult> aggregationCandidates = new ArrayList<>();
        Method final_ = chosen;
        SearchSpec attention = new SearchSpec(spec.layers(), spec.order(), CriterionKind.LEARNED,
                AggregationKind.ATTENTION);
        if (heldOut != null && heldOut.table().hasSearch(attention, ImageView.ORIGINAL, chosen.budget())) {
            MethodResult entropyHeldOut = heldOut.score(chosen, null);
            Method attentionMethod = Method.search(attention, chosen.budget(), 0, false);
            MethodResult attentionHeldOut = heldOut.score(attentionMethod, null);
            aggregationCandidates.add(entropyHeldOut);
            aggregationCandidates.add(attentionHeldOut);
            if (attentionHeldOut.correct() > entropyHeldOut.correct()) {
                final_ = attentionMethod;
            }
            notes.add(String.format(Locale.ROOT, "Aggregation (attention's held-out calibration part, %d images):"
                    + " entropy %.2f%%, attention %.2f%%; chose %s.", entropyHeldOut.images(),
                    100 * entropyHeldOut.accuracy(), 100 * attentionHeldOut.accuracy(),
                    final_.spec().aggregation().configName()));
        } else {
            notes.add("Aggregation: no trained attention for layers " + spec.layersText()
                    + "; entropy weighting kept.");
        }
        Map<String, Double> thresholds = new LinkedHashMap<>();
        for (SearchSpec s : entropySpecs(candidateSets)) {
            for (int budget : s.budgets(budgets)) {
                Method method = Method.search(s, budget, 0, false);
                thresholds.put(method.name(), threshold(calibration, method));
            }
        }
        if (heldOut != null) {
            for (SearchSpec s : attentionSpecs) {
                for (int budget : s.budgets(budgets)) {
                    Method method = Method.search(s, budget, 0, false);
                    if (heldOut.table().hasSearch(s, ImageView.ORIGINAL, budget)) {
                        thresholds.put(method.name(), threshold(heldOut, method));
                    }
                }
            }
        }
        double earlyExit = thresholds.getOrDefault(final_.name(), 0.0);
        notes.add(String.format(Locale.ROOT, "Early-exit threshold (%s): %s, the largest of %s that keeps at least"
                + " %.0f%% of the calibration gain (or loses nothing when there is no gain); archives ship with"
                + " early exit off.", final_.spec().aggregation() == AggregationKind.ATTENTION
                        ? "attention's held-out calibration part" : "whole calibration split", earlyExit,
                EARLY_EXIT_GRID, 100 * EARLY_EXIT_KEEP));
        SearchSpec finalSpec = final_.spec();
        return new SelectionReport(tolerance, harmless, candidateSets, entropyCandidates, aggregationCandidates,
                finalSpec.layers(), finalSpec.order().configName(), finalSpec.criterion().configName(),
                finalSpec.aggregation().configName(), final_.budget(), earlyExit, thresholds,
                finalSpec.arguments(final_.budget(), 0), notes);
    }

    /**
     * Calibrates a search's early-exit threshold: the largest value of {@link #EARLY_EXIT_GRID} whose gain is at
     * least {@link #EARLY_EXIT_KEEP} of the gain without early exit when that gain is positive, or whose accuracy
     * is at least the accuracy without early exit otherwise; 0 (off) if none qualifies.
     *
     * @param scoring the scoring of the images to judge on
     * @param method the search without early exit
     * @return the threshold, 0 for off
     */
    public static double threshold(MethodScoring scoring, Method method) {
        MethodResult off = scoring.score(method, null);
        double chosen = 0;
        for (double t : EARLY_EXIT_GRID) {
            MethodResult on = scoring.score(Method.search(method.spec(), method.budget(), t, false), null);
            boolean keeps = off.gain() > 0 ? on.gain() >= EARLY_EXIT_KEEP * off.gain() - 1e-12
                    : on.correct() >= off.correct();
            if (keeps) {
                chosen = t;
            }
        }
        return chosen;
    }
}
