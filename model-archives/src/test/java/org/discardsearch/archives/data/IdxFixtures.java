package org.discardsearch.archives.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/** Builds IDX files in code, well-formed or broken in one chosen way, so each failure mode has its fixture. */
final class IdxFixtures {

    private IdxFixtures() {}

    /** An IDX file: the given magic number, big-endian dimension sizes, then the data as is. */
    static byte[] idx(int magic, int[] dimensions, byte[] data) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dimensions.length + data.length);
        buffer.putInt(magic);
        for (int size : dimensions) {
            buffer.putInt(size);
        }
        return buffer.put(data).array();
    }

    /** A well-formed images file of {@code count} 28x28 images whose pixel p of image i is {@code i + p}. */
    static byte[] images(int count) {
        return idx(IdxReader.IMAGES_MAGIC, new int[] {count, 28, 28}, pixels(count));
    }

    /** The pixels {@link #images(int)} holds. */
    static byte[] pixels(int count) {
        byte[] pixels = new byte[count * LabelledImages.PIXELS];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i / LabelledImages.PIXELS + i % LabelledImages.PIXELS);
        }
        return pixels;
    }

    /** A well-formed labels file. */
    static byte[] labels(int... labels) {
        byte[] data = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            data[i] = (byte) labels[i];
        }
        return idx(IdxReader.LABELS_MAGIC, new int[] {labels.length}, data);
    }

    /** The same bytes, gzipped. */
    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The first {@code length} bytes. */
    static byte[] truncate(byte[] bytes, int length) {
        return Arrays.copyOf(bytes, length);
    }

    /** The bytes followed by {@code extra} zero bytes. */
    static byte[] append(byte[] bytes, int extra) {
        return Arrays.copyOf(bytes, bytes.length + extra);
    }

    /** Writes a file and returns its path. */
    static Path write(Path directory, String name, byte[] content) throws IOException {
        return Files.write(directory.resolve(name), content);
    }

    /** Writes a complete, gzipped folder of {@code trainCount} train and {@code testCount} test images. */
    static void writeDataset(Path directory, int trainCount, int testCount) throws IOException {
        write(directory, FashionMnist.TRAIN_IMAGES_FILE, gzip(images(trainCount)));
        write(directory, FashionMnist.TRAIN_LABELS_FILE, gzip(labels(cyclicLabels(trainCount))));
        write(directory, FashionMnist.TEST_IMAGES_FILE, gzip(images(testCount)));
        write(directory, FashionMnist.TEST_LABELS_FILE, gzip(labels(cyclicLabels(testCount))));
    }

    /** Labels 0, 1, ..., 9, 0, 1, ... */
    static int[] cyclicLabels(int count) {
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % LabelledImages.CLASSES;
        }
        return labels;
    }
}
