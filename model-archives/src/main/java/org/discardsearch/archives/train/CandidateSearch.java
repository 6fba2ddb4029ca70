package org.discardsearch.archives.train;

import ai.djl.ndarray.NDArray;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.discardsearch.config.SearchOrderKind;
import org.discardsearch.network.SearchableNetwork;
import org.discardsearch.pipeline.SearchComponents;
import org.discardsearch.search.Criterion;
import org.discardsearch.search.ExpansionRequest;
import org.discardsearch.search.Node;
import org.discardsearch.search.PrefixReuseExecutor;
import org.discardsearch.search.SearchDriver;
import org.discardsearch.search.SearchResult;
import org.discardsearch.search.SearchTree;
import org.discardsearch.search.StateEvaluator;

/**
 * One discard search over a batch of images, run the way {@link org.discardsearch.pipeline.DiscardSearchBlock}
 * runs it (the same tree, driver and prefix-reuse executor), that keeps what the offline tools need and the
 * block does not return: every image's candidates in the order they were added, the network call that added
 * each, and their final maps.
 *
 * <p>Because the order of expansions never depends on the budget (only on the candidates' scores), the first
 * B candidates of a run at a larger budget are exactly the candidates of a run at budget B; the tests check
 * this against the block. One run at the largest budget therefore serves every smaller one.
 *
 * <p>The final maps live on the images' manager: close it (or a scope above it) to free them. Not thread-safe.
 */
public final class CandidateSearch {

    private final StateEvaluator states;
    private final List<SearchResult> results;
    private final List<List<Integer>> callOfCandidate;

    private CandidateSearch(StateEvaluator states, List<SearchResult> results, List<List<Integer>> callOfCandidate) {
        this.states = states;
        this.results = results;
        this.callOfCandidate = callOfCandidate;
    }

    /**
     * Runs the search of every image of a batch at one budget, without early exit.
     *
     * @param network the backbone
     * @param parameterStore where its parameters are read from
     * @param layers the searched subsampling layers, consecutive
     * @param images normalised images (N, C, H, W); every array made here is attached to their manager
     * @param budget the budget of every image, at most the states the order can reach
     * @param order the search order
     * @param criterion makes the criterion from the run's state evaluator (see {@link SearchComponents#criterion})
     * @return the finished search
     */
    public static CandidateSearch run(SearchableNetwork network, ParameterStore parameterStore, List<Integer> layers,
            NDArray images, int budget, SearchOrderKind order, Function<StateEvaluator, Criterion> criterion) {
        int n = Math.toIntExact(images.getShape().get(0));
        // No lookahead: the expander below numbers the calls of each image as they are made, one per expansion.
        StateEvaluator states = new PrefixReuseExecutor(network, parameterStore, layers, images);
        List<Integer> strides = layers.stream().map(l -> network.stride(l)).toList();
        List<SearchTree> trees = new ArrayList<>(n);
        List<List<Integer>> callOfCandidate = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            trees.add(new SearchTree(strides, budget, order));
            callOfCandidate.add(new ArrayList<>());
        }
        int[] callsSoFar = new int[n];
        List<SearchResult> results = SearchDriver.builder()
                .setCriterion(criterion.apply(states))
                .setExpander(requests -> {
                    for (ExpansionRequest request : requests) {
                        int image = request.image();
                        callsSoFar[image]++;
                        for (int k = 0; k < request.phases().size(); k++) {
                            callOfCandidate.get(image).add(callsSoFar[image]);
                        }
                    }
                    return states.expand(requests);
                })
                .build()
                .run(trees);
        return new CandidateSearch(states, results, callOfCandidate);
    }

    /**
     * Returns the number of images searched.
     *
     * @return N
     */
    public int size() {
        return results.size();
    }

    /**
     * Returns one image's candidates, default state first, in the order they were added.
     *
     * @param image the image's index in the batch
     * @return the candidates
     */
    public List<Node> candidates(int image) {
        return results.get(image).candidates();
    }

    /**
     * Returns the network calls the search of one image needs to hold its first {@code budget} candidates: the
     * calls a search at that budget makes.
     *
     * @param image the image's index in the batch
     * @param budget at least 1; a budget above the candidate count counts every call made
     * @return the number of calls
     */
    public int calls(int image, int budget) {
        List<Integer> calls = callOfCandidate.get(image);
        return calls.get(Math.min(budget, calls.size()) - 1);
    }

    /**
     * Returns the final pre-pool maps of one image's first candidates.
     *
     * @param image the image's index in the batch
     * @param count how many candidates, from the first
     * @return (count, C, H, W), on the images' manager
     */
    public NDArray finalMaps(int image, int count) {
        return states.finalMaps(image, SearchComponents.states(candidates(image).subList(0, count)));
    }
}
