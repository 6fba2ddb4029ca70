package org.discardsearch.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.discardsearch.layer.Phase;
import org.discardsearch.network.SearchableNetwork;

/**
 * The plain evaluator: every state is computed on its own, from the image, one layer phase at a time. It
 * shares nothing between states, which makes it the yardstick the optimized {@link PrefixReuseExecutor} is
 * checked and benchmarked against.
 *
 * <p>Not thread-safe: one instance serves one forward call. The final maps live on the images' manager; the
 * rest of a state's work is closed when the state is done.
 */
public final class ReferenceExecutor extends NetworkEvaluator {

    /**
     * Creates the evaluator for one batch.
     *
     * @param network the network
     * @param parameterStore where its parameters are read from
     * @param searchedLayers the consecutive subsampling layers searched
     * @param images the normalised batch (N, C, H, W)
     */
    public ReferenceExecutor(
            SearchableNetwork network, ParameterStore parameterStore, List<Integer> searchedLayers, NDArray images) {
        super(network, parameterStore, searchedLayers, images);
    }

    @Override
    public List<List<float[]>> expand(List<ExpansionRequest> requests) {
        List<List<float[]>> answers = new ArrayList<>(requests.size());
        for (ExpansionRequest request : requests) {
            List<float[]> perChild = new ArrayList<>();
            for (State child : request.childStates()) {
                perChild.add(evaluate(request.image(), child));
            }
            answers.add(perChild);
        }
        return answers;
    }

    /** Computes one state in a scope of its own: only its final map stays. */
    private float[] evaluate(int image, State state) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray x = BatchRow.gather(List.of(new BatchRow(images, image)), scope);
            x = runner.run(x, 0, runner.unitOfPosition(0), Phase.ORIGIN);
            for (int d = 0; d < runner.depth(); d++) {
                x = runner.run(x, runner.unitOfPosition(d), runner.unitOfPosition(d + 1),
                        runner.phase(d, state.phase(d)));
            }
            float[] logits = runner.classify(x).toFloatArray();
            x.attach(manager);
            keepFinalMap(StateKey.of(image, state), new BatchRow(x, 0));
            return logits;
        }
    }
}
