package org.discardsearch.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A real {@link Expander} over a scripted table of logits per (image, computed state), recording every
 * call. States that compute the same (−1 vs 0) get the same logits, as they would from a network.
 */
final class ScriptedExpander implements Expander {

    static final int CLASSES = 10;

    /** The logits the "network" produces for an image in a state. */
    @FunctionalInterface
    interface LogitsTable {
        float[] logits(int image, List<Integer> computedPhases);
    }

    /** One recorded call: its requests, in order. */
    record Call(List<ExpansionRequest> requests) {
        List<Integer> positions() {
            return requests.stream().map(ExpansionRequest::position).distinct().toList();
        }
    }

    private final LogitsTable table;
    private final List<Call> calls = new ArrayList<>();

    ScriptedExpander(LogitsTable table) {
        this.table = table;
    }

    /** Gaussian logits (scale 3) drawn from a generator seeded by the image's seed and the state. */
    static LogitsTable seeded(long... seedPerImage) {
        return (image, phases) -> {
            Random random = new Random(seedPerImage[image] * 1_000_003L + phases.hashCode());
            float[] logits = new float[CLASSES];
            for (int i = 0; i < CLASSES; i++) {
                logits[i] = (float) (3 * random.nextGaussian());
            }
            return logits;
        };
    }

    /** The same table, except that the given images' default state is confident (normalised entropy ≈ 0). */
    static LogitsTable withConfidentDefault(LogitsTable table, Set<Integer> images) {
        return (image, phases) -> {
            if (images.contains(image) && phases.stream().allMatch(phase -> phase == 0)) {
                float[] logits = new float[CLASSES];
                logits[3] = 40;
                return logits;
            }
            return table.logits(image, phases);
        };
    }

    @Override
    public List<List<float[]>> expand(List<ExpansionRequest> requests) {
        calls.add(new Call(List.copyOf(requests)));
        List<List<float[]>> answers = new ArrayList<>();
        for (ExpansionRequest request : requests) {
            answers.add(request.childStates().stream()
                    .map(child -> table.logits(request.image(), child.computedPhases()))
                    .toList());
        }
        return answers;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The states one image expanded, in order; a root call split by early exit appears once. */
    List<List<Integer>> expandedStates(int image) {
        List<List<Integer>> states = new ArrayList<>();
        Expansion previous = null;
        for (Call call : calls) {
            for (ExpansionRequest request : call.requests()) {
                if (request.image() == image && request.expansion() != previous) {
                    states.add(request.expansion().state().phases());
                    previous = request.expansion();
                }
            }
        }
        return states;
    }
}
