package org.discardsearch.archives.evaluate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.discardsearch.aggregate.AttentionAggregator;
import org.discardsearch.archives.data.LabelledImages;
import org.discardsearch.config.AggregationKind;
import org.discardsearch.config.CriterionKind;
import org.discardsearch.config.SearchOrderKind;
import org.discardsearch.image.Preprocessing;
import org.discardsearch.network.SearchableNetwork;
import org.discardsearch.pipeline.DiscardSearchBlock;
import org.discardsearch.pipeline.Evaluator;

/**
 * Measures the wall time per image of a {@link Method} the way a server runs it: one image per call to the
 * archive's {@link DiscardSearchBlock} (batch 1), each view a separate call, preprocessing excluded. Every
 * method is timed over the same images after two untimed warm-up images.
 *
 * <p>Holds the images' tensors on a sub-manager until {@link #close()}. Not thread-safe; the times depend on the
 * machine's load, so they are comparable only within one run.
 */
public final class MethodTiming implements AutoCloseable {

    private static final int WARM_UP = 2;

    private final SearchableNetwork network;
    private final Map<List<Integer>, AttentionAggregator> attention;
    private final List<Integer> referenceLayers;
    private final NDManager scope;
    private final ParameterStore store;
    private final Map<ImageView, List<NDArray>> inputs = new HashMap<>();
    private final LabelledImages images;
    private final Preprocessing preprocessing;
    private final Map<List<Integer>, AttentionAggregator> fresh = new HashMap<>();
    private final int featureDim;

    /**
     * Creates the timer.
     *
     * @param network the backbone
     * @param preprocessing the serving preprocessing
     * @param attention trained attention modules by searched layers
     * @param referenceLayers the searched layers of the plain model and the baselines
     * @param images the images to time on
     * @param manager the manager under which the timer's scope opens
     * @param featureDim the final maps' channels, for the untrained modules of entropy-weighted blocks
     */
    public MethodTiming(SearchableNetwork network, Preprocessing preprocessing,
            Map<List<Integer>, AttentionAggregator> attention, List<Integer> referenceLayers, LabelledImages images,
            NDManager manager, int featureDim) {
        this.network = network;
        this.preprocessing = preprocessing;
        this.attention = Map.copyOf(attention);
        this.referenceLayers = List.copyOf(referenceLayers);
        this.images = images;
        this.scope = manager.newSubManager();
        this.store = new ParameterStore(manager, false);
        this.featureDim = featureDim;
    }

    /**
     * Measures a method.
     *
     * @param method the method
     * @return milliseconds per image, all views together
     */
    public double msPerImage(Method method) {
        List<ImageView> views = switch (method.family()) {
            case VANILLA -> List.of(ImageView.ORIGINAL);
            case FLIP_TTA -> List.of(ImageView.ORIGINAL, ImageView.FLIP);
            case SHIFT_TTA -> {
                List<ImageView> all = new ArrayList<>();
                all.add(ImageView.ORIGINAL);
                all.addAll(ImageView.ONE_PIXEL_SHIFTS.subList(0, method.views() - 1));
                yield all;
            }
            case SEARCH -> method.flip() ? List.of(ImageView.ORIGINAL, ImageView.FLIP) : List.of(ImageView.ORIGINAL);
        };
        DiscardSearchBlock block = block(method);
        int[] budget = {method.budget()};
        for (int i = 0; i < Math.min(WARM_UP, images.size()); i++) {
            for (ImageView view : views) {
                block.search(store, input(view, i), budget).close();
            }
        }
        long start = System.nanoTime();
        for (int i = 0; i < images.size(); i++) {
            for (ImageView view : views) {
                NDList out = block.search(store, input(view, i), budget);
                out.close();
            }
        }
        return (System.nanoTime() - start) / 1e6 / images.size();
    }

    private DiscardSearchBlock block(Method method) {
        SearchSpec spec = method.spec() != null ? method.spec()
                : new SearchSpec(referenceLayers, SearchOrderKind.PAPER, CriterionKind.ENTROPY,
                        AggregationKind.ENTROPY);
        AttentionAggregator module = attention.get(spec.layers());
        if (module == null) {
            module = fresh.computeIfAbsent(spec.layers(), layers -> {
                AttentionAggregator m = AttentionAggregator.builder().setFeatureDim(featureDim).build();
                m.initialize(scope);
                return m;
            });
        }
        return new DiscardSearchBlock(network, module, spec.config(method.budget(), method.earlyExitEntropy()),
                Evaluator.PREFIX_REUSE);
    }

    private NDArray input(ImageView view, int i) {
        return inputs.computeIfAbsent(view, v -> {
            int[] all = new int[images.size()];
            for (int k = 0; k < all.length; k++) {
                all[k] = k;
            }
            NDArray x = preprocessing.toTensor(v.pixels(images, all, scope), scope);
            List<NDArray> rows = new ArrayList<>();
            for (int k = 0; k < all.length; k++) {
                rows.add(x.get(k + ":" + (k + 1)));
            }
            return rows;
        }).get(i);
    }

    /** Frees the images' tensors. */
    @Override
    public void close() {
        scope.close();
    }
}
