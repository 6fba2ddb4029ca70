package org.discardsearch.onnx;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the shapes of inner tensors by running the graph once, with ONNX Runtime, on a zero image of batch 1 with
 * those tensors as its outputs. This is exact for any operator ONNX Runtime runs, which a shape inference of
 * our own would not be.
 */
final class ShapeProbe {

    private ShapeProbe() {}

    /**
     * Returns the shapes of float32 tensors of the graph.
     *
     * @param model the model, with one NCHW image input
     * @param side the input's height and width
     * @param tensors the tensors to measure
     * @return each tensor's shape, by name
     */
    static Map<String, long[]> shapes(OnnxModel model, int side, List<String> tensors) {
        ValueInfo input = model.graph().inputs().get(0);
        long channels = input.shape().get(1);
        FloatTensor zeros = new FloatTensor(new long[] {1, channels, side, side},
                new float[Math.toIntExact(channels * side * side)]);
        try (GraphSession session = GraphSession.loadForInnerTensors(model.file(),
                ModelWriter.withOutputs(model, tensors), 1)) {
            Map<String, long[]> shapes = new HashMap<>();
            session.run(Map.of(input.name(), zeros), tensors).forEach((name, t) -> shapes.put(name, t.shape()));
            return shapes;
        }
    }
}
