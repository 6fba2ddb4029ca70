package org.discardsearch.archives.data;

import static org.discardsearch.archives.data.IdxFixtures.append;
import static org.discardsearch.archives.data.IdxFixtures.gzip;
import static org.discardsearch.archives.data.IdxFixtures.idx;
import static org.discardsearch.archives.data.IdxFixtures.images;
import static org.discardsearch.archives.data.IdxFixtures.labels;
import static org.discardsearch.archives.data.IdxFixtures.pixels;
import static org.discardsearch.archives.data.IdxFixtures.truncate;
import static org.discardsearch.archives.data.IdxFixtures.write;
import static org.discardsearch.archives.data.MessageAssertions.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.ZipException;
import org.discardsearch.error.ErrorCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsUncompressedImages() throws IOException {
        IdxArray array = IdxReader.readImages(write(dir, "images.idx", images(3)));

        assertEquals(3, array.rank());
        assertEquals(3, array.dimension(0));
        assertEquals(28, array.dimension(1));
        assertEquals(28, array.dimension(2));
        assertArrayEquals(pixels(3), array.data());
    }

    @Test
    void detectsGzipFromTheContentNotTheName() throws IOException {
        IdxArray array = IdxReader.readLabels(write(dir, "labels.idx", gzip(labels(7, 0, 9))));

        assertEquals(1, array.rank());
        assertEquals(3, array.dimension(0));
        assertArrayEquals(new byte[] {7, 0, 9}, array.data());
    }

    @Test
    void recordsSha256AndSizeOfTheFileAsStored() throws Exception {
        byte[] stored = gzip(images(2));
        Path file = write(dir, "images.gz", stored);

        FileProvenance provenance = IdxReader.readImages(file).provenance();

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored));
        assertEquals(expected, provenance.sha256());
        assertEquals(stored.length, provenance.sizeBytes());
        assertEquals(file, provenance.file());
        assertEquals(Files.getLastModifiedTime(file).toInstant(), provenance.lastModified());
    }

    @Test
    void dataAccessorReturnsACopy() throws IOException {
        IdxArray array = IdxReader.readLabels(write(dir, "labels.idx", labels(4)));

        array.data()[0] = 5;

        assertEquals(4, array.data()[0]);
    }

    @Test
    void rejectsWrongMagic() {
        byte[] content = idx(0x12340803, new int[] {1, 28, 28}, pixels(1));

        DatasetFormatException e = assertRejected("bad-magic.idx", content, true);

        assertContains(e, "Not an IDX file", "magic number = 0x12340803", "expected 0x00000803");
    }

    @Test
    void rejectsPngSignatureAsNotIdx() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

        DatasetFormatException e = assertRejected("image.png", png, true);

        assertContains(e, "Not an IDX file", "magic number = 0x89504E47");
    }

    @Test
    void rejectsElementTypeOtherThanUnsignedByte() {
        byte[] content = idx(0x00000D03, new int[] {1, 28, 28}, new byte[4 * 784]);

        DatasetFormatException e = assertRejected("floats.idx", content, true);

        assertContains(e, "type byte = 0x0D (float)", "expected 0x08 (unsigned byte)");
    }

    @Test
    void rejectsLabelsFileReadAsImages() {
        DatasetFormatException e = assertRejected("labels.idx", labels(1, 2), true);

        assertContains(e, "dimensions = 1", "expected 3 (unsigned-byte images: count, rows, columns)");
    }

    @Test
    void rejectsImagesFileReadAsLabels() {
        DatasetFormatException e = assertRejected("images.idx", images(1), false);

        assertContains(e, "dimensions = 3", "expected 1 (unsigned-byte labels: count)");
    }

    @Test
    void rejectsEmptyFile() {
        DatasetFormatException e = assertRejected("empty.idx", new byte[0], false);

        assertContains(e, "Truncated IDX file", "header = 0 bytes", "expected at least 4");
    }

    @Test
    void rejectsTruncatedDimensionSizes() {
        DatasetFormatException e = assertRejected("short-header.idx", truncate(images(1), 10), true);

        assertContains(e, "Truncated IDX file", "header = 10 bytes", "expected 16");
    }

    @Test
    void rejectsTruncatedDataSayingExpectedAndFound() {
        byte[] content = truncate(images(2), 16 + 1000);

        DatasetFormatException e = assertRejected("truncated.idx", content, true);

        assertContains(e, "Truncated IDX file", "data = 1000 bytes", "expected 1568", "2 x 28 x 28");
    }

    @Test
    void rejectsTruncatedGzippedDataSayingItWasDecompressed() {
        byte[] content = gzip(truncate(labels(1, 2, 3, 4), 8 + 3));

        DatasetFormatException e = assertRejected("truncated.gz", content, false);

        assertContains(e, "data = 3 bytes (decompressed)", "expected 4");
    }

    @Test
    void rejectsTrailingBytesSayingHowMany() {
        DatasetFormatException e = assertRejected("trailing.idx", append(labels(1, 2, 3), 5), false);

        assertContains(e, "Trailing bytes", "5 bytes after the 3 data bytes", "expected the file to end there");
    }

    @Test
    void rejectsTrailingBytesInsideGzip() {
        DatasetFormatException e = assertRejected("trailing.gz", gzip(append(images(1), 2)), true);

        assertContains(e, "Trailing bytes", "2 bytes (decompressed) after the 784 data bytes");
    }

    @Test
    void rejectsCutGzipStreamKeepingTheCause() {
        byte[] gzipped = gzip(images(3));

        DatasetFormatException e = assertRejected("cut.gz", truncate(gzipped, gzipped.length / 2), true);

        assertContains(e, "Corrupt gzip stream");
        assertInstanceOf(IOException.class, e.getCause());
    }

    @Test
    void rejectsGzipWithBadChecksum() {
        byte[] gzipped = gzip(labels(1, 2, 3));
        gzipped[gzipped.length - 8] ^= 0x01; // the CRC-32 of the trailer

        DatasetFormatException e = assertRejected("crc.gz", gzipped, false);

        assertContains(e, "Corrupt gzip stream");
        assertInstanceOf(ZipException.class, e.getCause());
    }

    @Test
    void rejectsDimensionSizeAboveJavaArrayLimits() {
        byte[] content = idx(IdxReader.LABELS_MAGIC, new int[] {-1}, new byte[0]);

        DatasetFormatException e = assertRejected("huge.idx", content, false);

        assertContains(e, "too large", "size of dimension 0 = 4294967295");
    }

    @Test
    void rejectsHeaderDeclaringMoreDataThanAnArrayHolds() {
        byte[] content = idx(IdxReader.IMAGES_MAGIC, new int[] {100_000, 1000, 1000}, new byte[0]);

        DatasetFormatException e = assertRejected("huge.idx", content, true);

        assertContains(e, "too large", "more than 2147483639 data bytes");
    }

    @Test
    void missingFileIsAnIoErrorNotAFormatError() {
        assertThrows(NoSuchFileException.class, () -> IdxReader.readLabels(dir.resolve("absent.idx")));
    }

    private DatasetFormatException assertRejected(String name, byte[] content, boolean asImages) {
        Path file;
        try {
            file = write(dir, name, content);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> {
                    if (asImages) {
                        IdxReader.readImages(file);
                    } else {
                        IdxReader.readLabels(file);
                    }
                });
        assertTrue(e.getMessage().contains(file.toString()), () -> "message names the file: " + e.getMessage());
        assertEquals(List.of(file), e.files());
        assertEquals(ErrorCategory.BAD_INPUT, e.category());
        return e;
    }
}
