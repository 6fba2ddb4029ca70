package org.discardsearch.head;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.IOException;
import org.discardsearch.layer.BlockFormat;

/** Global average pooling followed by a fully connected layer with bias, as in torchvision's classifiers. */
public final class ClassifierHead extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int classes;
    private final Linear fc;

    /**
     * Creates the head.
     *
     * @param classes the number of classes K
     */
    public ClassifierHead(int classes) {
        super(VERSION);
        if (classes < 1) {
            throw new IllegalArgumentException("Invalid value '" + classes + "' for classes; allowed: >= 1");
        }
        this.classes = classes;
        this.fc = addChildBlock("fc", Linear.builder().setUnits(classes).build());
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
     * Returns the fully connected layer.
     *
     * @return the linear layer
     */
    public Linear fc() {
        return fc;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray maps = inputs.singletonOrThrow();
        Shape shape = maps.getShape();
        NDArray pooled = maps.reshape(shape.get(0), shape.get(1), -1).mean(new int[] {2});
        return fc.forward(parameterStore, new NDList(pooled), training, params);
    }

    /**
     * Classifies feature maps at inference.
     *
     * @param parameterStore where the parameters are read from
     * @param maps (N, C, H, W)
     * @return logits (N, K), attached to the maps' manager
     */
    public NDArray classify(ParameterStore parameterStore, NDArray maps) {
        return forward(parameterStore, new NDList(maps), false).singletonOrThrow();
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        fc.initialize(manager, dataType, new Shape(inputShapes[0].get(0), inputShapes[0].get(1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), classes)};
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is) throws IOException, MalformedModelException {
        BlockFormat.checkVersion(ClassifierHead.class, loadVersion, VERSION);
        readInputShapes(is);
    }
}
