package org.discardsearch.aggregate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.function.UnaryOperator;

/** A real model head for tests: global average pool over (H, W), then a frozen DJL {@link Linear}. */
public final class GapLinearHead implements UnaryOperator<NDArray> {

    private final Linear linear;

    /**
     * Creates the head with the given weights.
     *
     * @param manager owns the head's parameters
     * @param weight the K×C weight, row-major
     * @param bias the K biases
     */
    public GapLinearHead(NDManager manager, float[] weight, float[] bias) {
        int classes = bias.length;
        int channels = weight.length / classes;
        linear = Linear.builder().setUnits(classes).build();
        linear.initialize(manager, DataType.FLOAT32, new Shape(1, channels));
        linear.getParameters().get("weight").getArray().set(weight);
        linear.getParameters().get("bias").getArray().set(bias);
        linear.freezeParameters(true);
    }

    /**
     * Maps maps (N, C, H, W) to logits (N, K) on the manager of the input.
     *
     * @param maps the maps
     * @return the logits
     */
    @Override
    public NDArray apply(NDArray maps) {
        Shape shape = maps.getShape();
        NDArray pooled = maps.reshape(shape.get(0), shape.get(1), -1).mean(new int[] {2});
        return linear.forward(new ParameterStore(maps.getManager(), false), new NDList(pooled), false)
                .singletonOrThrow();
    }
}
