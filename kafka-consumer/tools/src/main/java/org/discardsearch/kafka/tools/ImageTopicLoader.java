package org.discardsearch.kafka.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.discardsearch.archives.data.LabelledImages;
import org.discardsearch.archives.data.PngWriter;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.discardsearch.kafka.HeaderNames;
import org.discardsearch.kafka.Topics;


/**
 * Loads images into a topic, the way the consumer expects them: key = image id, value = the encoded bytes,
 * headers {@value HeaderNames#CONTENT_TYPE} and, for labelled sets, {@value HeaderNames#LABEL}. Every send is
 * checked: the load fails rather than lose a record.
 *
 * <p>Not thread-safe.
 */
public final class ImageTopicLoader implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final List<Future<RecordMetadata>> pending = new ArrayList<>();

    /**
     * Opens a producer for a topic.
     *
     * @param clientProperties Kafka producer settings, at least {@code bootstrap.servers}
     * @param topic the topic, which should exist (see {@link Topics})
     */
    public ImageTopicLoader(Map<String, Object> clientProperties, String topic) {
        Map<String, Object> props = new HashMap<>();
        // Records of about a kilobyte: batch many per request. One request in flight per connection avoids
        // KAFKA-15591 on topics created just before (docs/kafka.md §3).
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        props.putAll(clientProperties);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.producer = new KafkaProducer<>(props);
        this.topic = topic;
    }

    /**
     * Sends one image.
     *
     * @param id the key
     * @param bytes the encoded image
     * @param headers header names and text values, e.g. {@value HeaderNames#CONTENT_TYPE} and
     *     {@value HeaderNames#LABEL}
     */
    public void send(String id, byte[] bytes, Map<String, String> headers) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8),
                bytes);
        headers.forEach((name, value) -> record.headers().add(new RecordHeader(name, HeaderNames.bytes(value))));
        pending.add(producer.send(record));
    }

    /**
     * Sends images of a labelled set as PNGs with their labels; image {@code i} gets the id {@code prefix + i}.
     *
     * @param images the set, e.g. the Fashion-MNIST test split
     * @param count how many images, from the first
     * @param prefix the id prefix
     * @return the number of images sent
     */
    public int sendLabelled(LabelledImages images, int count, String prefix) {
        int n = Math.min(count, images.size());
        for (int i = 0; i < n; i++) {
            send(prefix + i, PngWriter.write(images, i), Map.of(HeaderNames.CONTENT_TYPE, "image/png",
                    HeaderNames.LABEL, Integer.toString(images.label(i))));
        }
        return n;
    }

    /**
     * Sends every PNG and JPEG file of a folder (not its subfolders), in name order, with the file name as id.
     *
     * @param folder the folder
     * @return the number of images sent
     * @throws IOException if the folder cannot be listed or a file read
     */
    public int sendFolder(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(Files::isRegularFile).filter(p -> contentType(p) != null).sorted().toList();
        }
        for (Path file : files) {
            send(file.getFileName().toString(), Files.readAllBytes(file),
                    Map.of(HeaderNames.CONTENT_TYPE, contentType(file)));
        }
        return files.size();
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".png")) {
            return "image/png";
        }
        return name.endsWith(".jpg") || name.endsWith(".jpeg") ? "image/jpeg" : null;
    }

    /**
     * Waits until every image sent so far is acknowledged.
     *
     * @throws DiscardSearchException of category TRANSIENT naming the first record that failed
     */
    public void flush() {
        producer.flush();
        try {
            for (Future<RecordMetadata> future : pending) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw new DiscardSearchException(ErrorCategory.TRANSIENT, "Sending images to " + topic + " failed: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DiscardSearchException(ErrorCategory.INTERNAL, "Interrupted while sending to " + topic, e);
        } finally {
            pending.clear();
        }
    }

    /** Flushes and closes the producer. */
    @Override
    public void close() {
        try {
            flush();
        } finally {
            producer.close();
        }
    }
}
