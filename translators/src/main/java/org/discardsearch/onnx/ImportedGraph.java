package org.discardsearch.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;

/**
 * A whole imported classifier in ONNX Runtime: images in, logits out, at any batch size. This is the default
 * state of the search (every layer at phase 0), run as the file stands. Thread-safe; close it to free the
 * native session.
 */
public final class ImportedGraph implements AutoCloseable {

    private final String input;
    private final String output;
    private final GraphSession session;

    private ImportedGraph(String input, String output, GraphSession session) {
        this.input = input;
        this.output = output;
        this.session = session;
    }

    /**
     * Loads a model whose first input is a batch of images and whose first output is the logits.
     *
     * @param model the model
     * @param threads ONNX Runtime's intra-op threads, at least 1
     * @return the loaded graph
     * @throws OnnxFormatException if the batch dimension is fixed (a search runs many states of an image in one
     *     batch), or ONNX Runtime refuses the file
     */
    public static ImportedGraph load(OnnxModel model, int threads) {
        ValueInfo input = model.graph().inputs().get(0);
        if (input.shape().isEmpty() || input.shape().get(0) != ValueInfo.DYNAMIC) {
            throw new OnnxFormatException(model.file(), "input '" + input.name() + "' has shape " + input.shape()
                    + " with a fixed batch dimension; expected a dynamic one (torch.onnx.export(...,"
                    + " dynamic_axes={'" + input.name() + "': {0: 'batch'}, ...}))");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(model.file());
        } catch (IOException e) {
            throw new OnnxFormatException(model.file(), "cannot read the file (" + e + ")", e);
        }
        return new ImportedGraph(input.name(), model.graph().outputs().get(0).name(),
                GraphSession.load(model.file(), bytes, threads));
    }

    /**
     * Classifies a batch.
     *
     * @param images (N, C, H, W) normalised images
     * @return (N, classes) logits
     */
    public FloatTensor logits(FloatTensor images) {
        return session.run(Map.of(input, images), List.of(output)).get(output);
    }

    /** Frees the native session. */
    @Override
    public void close() {
        session.close();
    }
}
