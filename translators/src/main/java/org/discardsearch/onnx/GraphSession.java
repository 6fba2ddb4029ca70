package org.discardsearch.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;

/**
 * An ONNX graph loaded into ONNX Runtime (CPU), run on float32 tensors of any batch size the graph allows.
 * Thread-safe, as ONNX Runtime sessions are; close it to free the native session.
 */
public final class GraphSession implements AutoCloseable {

    private final Path file;
    private final OrtSession session;

    private GraphSession(Path file, OrtSession session) {
        this.file = file;
        this.session = session;
    }

    /**
     * Loads a serialized model with all of ONNX Runtime's optimizations, the NCHWc layout rewrite included (the
     * whole ResNet-18 file in 35 ms instead of 57 on one thread; docs/performance.md, "Imported ONNX graphs").
     *
     * @param file the file it came from, for messages
     * @param model the serialized {@code ModelProto}, whose outputs are the file's outputs or cut tensors
     * @param threads ONNX Runtime's intra-op threads, at least 1
     * @return the session
     * @throws OnnxFormatException if ONNX Runtime refuses the model
     */
    public static GraphSession load(Path file, byte[] model, int threads) {
        return load(file, model, threads, OrtSession.SessionOptions.OptLevel.ALL_OPT);
    }

    /**
     * Loads a serialized model that requests inner tensors of a graph as outputs, for measuring them, without
     * the NCHWc layout rewrite: ONNX Runtime 1.21.1 fuses a convolution into the Add that follows it even when
     * the convolution's output is also a graph output, and then returns that output with an unknown type
     * (RegNetY-400MF fixture, the projection of block4-0).
     *
     * @param file the file it came from, for messages
     * @param model the serialized {@code ModelProto}
     * @param threads ONNX Runtime's intra-op threads, at least 1
     * @return the session
     * @throws OnnxFormatException if ONNX Runtime refuses the model
     */
    public static GraphSession loadForInnerTensors(Path file, byte[] model, int threads) {
        return load(file, model, threads, OrtSession.SessionOptions.OptLevel.EXTENDED_OPT);
    }

    private static GraphSession load(Path file, byte[] model, int threads,
            OrtSession.SessionOptions.OptLevel level) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads = " + threads + "; expected at least 1");
        }
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(level);
            return new GraphSession(file, environment.createSession(model, options));
        } catch (OrtException e) {
            throw new OnnxFormatException(file, "ONNX Runtime cannot load it (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Runs the graph.
     *
     * @param inputs a tensor for each graph input, by name
     * @param outputs the graph outputs to return
     * @return the requested outputs, by name, in the requested order
     * @throws DiscardSearchException with {@link ErrorCategory#INTERNAL} if ONNX Runtime fails
     */
    public Map<String, FloatTensor> run(Map<String, FloatTensor> inputs, List<String> outputs) {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> fed = new HashMap<>();
        try {
            for (Map.Entry<String, FloatTensor> input : inputs.entrySet()) {
                FloatTensor tensor = input.getValue();
                fed.put(input.getKey(),
                        OnnxTensor.createTensor(environment, FloatBuffer.wrap(tensor.values()), tensor.shape()));
            }
            try (OrtSession.Result result = session.run(fed, new LinkedHashSet<>(outputs))) {
                Map<String, FloatTensor> values = new LinkedHashMap<>();
                for (String output : outputs) {
                    OnnxTensor tensor = (OnnxTensor) result.get(output).orElseThrow();
                    // getFloatBuffer copies the native values into a new heap buffer: take its array rather
                    // than copying them a second time.
                    FloatBuffer buffer = tensor.getFloatBuffer();
                    float[] data;
                    if (buffer.hasArray() && buffer.arrayOffset() == 0
                            && buffer.array().length == buffer.remaining()) {
                        data = buffer.array();
                    } else {
                        data = new float[buffer.remaining()];
                        buffer.get(data);
                    }
                    values.put(output, new FloatTensor(tensor.getInfo().getShape(), data));
                }
                return values;
            }
        } catch (OrtException e) {
            throw new DiscardSearchException(ErrorCategory.INTERNAL, "ONNX Runtime failed running " + file + ": "
                    + e.getMessage(), e);
        } finally {
            fed.values().forEach(OnnxTensor::close);
        }
    }

    /** Frees the native session. */
    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new DiscardSearchException(ErrorCategory.INTERNAL, "ONNX Runtime failed closing " + file, e);
        }
    }
}
