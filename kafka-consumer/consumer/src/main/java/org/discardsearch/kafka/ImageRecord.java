package org.discardsearch.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.discardsearch.image.InputRejectedException;
import org.discardsearch.image.RejectReason;
import org.discardsearch.result.ImageRequest;

/**
 * One input record read as an image to score: its id, bytes, optional label and budget, and where it came from.
 * Reading checks only what the transport carries (size, headers); the image itself is decoded by the core.
 *
 * @param id the record key as UTF-8 text, or {@code topic-partition@offset} when the record has no key
 * @param image the record value, with the search budget of the {@value HeaderNames#BUDGET} header if any
 * @param label the true class from the {@value HeaderNames#LABEL} header, if any
 * @param source where the record came from
 */
public record ImageRecord(String id, ImageRequest image, OptionalInt label, SourceRecord source) {

    private static final Set<String> CONTENT_TYPES = Set.of("image/png", "image/jpeg");

    /**
     * Reads a consumed record.
     *
     * @param record the record
     * @param maxBytes the largest value accepted
     * @param classes the model's number of classes, for checking the label; 0 when unknown
     * @return the image record
     * @throws InputRejectedException naming the record, when the value is empty or too large
     * @throws DiscardSearchException of category BAD_INPUT, naming the record, when a header is malformed
     */
    public static ImageRecord read(ConsumerRecord<byte[], byte[]> record, int maxBytes, int classes) {
        SourceRecord source = SourceRecord.of(record);
        String id = record.key() == null ? source.toString() : new String(record.key(), StandardCharsets.UTF_8);
        byte[] value = record.value();
        if (value == null || value.length == 0) {
            throw new InputRejectedException(RejectReason.EMPTY, "0 bytes", "PNG or JPEG")
                    .withContext("record " + source);
        }
        if (value.length > maxBytes) {
            throw new InputRejectedException(RejectReason.TOO_LARGE, value.length + " bytes",
                    "at most " + maxBytes + " (" + ConsumerKeys.RECORD_MAX_BYTES.name() + ")")
                    .withContext("record " + source);
        }
        String contentType = HeaderNames.text(record.headers(), HeaderNames.CONTENT_TYPE);
        if (contentType != null && !CONTENT_TYPES.contains(contentType.strip().toLowerCase(Locale.ROOT))) {
            throw badHeader(source, HeaderNames.CONTENT_TYPE, contentType, "image/png or image/jpeg");
        }
        OptionalInt label = intHeader(record, source, HeaderNames.LABEL, 0,
                classes > 0 ? classes - 1 : Integer.MAX_VALUE);
        OptionalInt budget = intHeader(record, source, HeaderNames.BUDGET, 1, Integer.MAX_VALUE);
        ImageRequest image = budget.isPresent() ? ImageRequest.of(value, budget.getAsInt()) : ImageRequest.of(value);
        return new ImageRecord(id, image, label, source);
    }

    private static OptionalInt intHeader(ConsumerRecord<byte[], byte[]> record, SourceRecord source, String name,
            int min, int max) {
        String text = HeaderNames.text(record.headers(), name);
        if (text == null) {
            return OptionalInt.empty();
        }
        String allowed = max == Integer.MAX_VALUE ? "an integer >= " + min : "an integer in [" + min + ", " + max + "]";
        try {
            int value = Integer.parseInt(text.strip());
            if (value >= min && value <= max) {
                return OptionalInt.of(value);
            }
        } catch (NumberFormatException e) {
            // Reported below, with the header and what it allows.
        }
        throw badHeader(source, name, text, allowed);
    }

    private static DiscardSearchException badHeader(SourceRecord source, String name, String value, String allowed) {
        return new DiscardSearchException(ErrorCategory.BAD_INPUT, "record " + source + ": Bad header " + name
                + " = '" + value + "'; allowed: " + allowed);
    }
}
