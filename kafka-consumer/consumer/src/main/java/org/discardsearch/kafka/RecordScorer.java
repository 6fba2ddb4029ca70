package org.discardsearch.kafka;

import java.util.List;

import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.result.ImageRequest;

/**
 * Scores a micro-batch of images with the core pipeline: the one seam between the consumer and the model.
 * {@link DjlRecordScorer} is the implementation; the consumer never decides what a prediction is.
 *
 * <p>Implementations are used from one thread at a time.
 */
public interface RecordScorer extends AutoCloseable {

    /**
     * Returns the model's name, written into every result.
     *
     * @return the name
     */
    String modelName();

    /**
     * Returns the model's number of classes, to check label headers against.
     *
     * @return the count, or 0 when unknown
     */
    int classCount();

    /**
     * Scores images, isolating bad ones: an image the core rejects gets a failed outcome of category BAD_INPUT
     * while the others are scored.
     *
     * @param requests the images, in order
     * @return one outcome per request, in the same order
     * @throws DiscardSearchException when the whole call failed: TRANSIENT (worth retrying) or INTERNAL
     */
    List<ScoreOutcome> score(List<ImageRequest> requests);

    /** Releases the model. */
    @Override
    void close();
}
