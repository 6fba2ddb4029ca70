package org.discardsearch.archives.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Strict reader of IDX files of unsigned bytes, the format of (Fashion-)MNIST, optionally gzipped.
 *
 * <p>An IDX file is a 4-byte magic number {@code 00 00 TT DD} (TT = element type, DD = number of dimensions),
 * then DD big-endian 32-bit dimension sizes, then the data in row-major order. Compression is detected from the
 * content (the gzip magic {@code 1F 8B}), not from the file name. Each way a file can be wrong fails with its own
 * {@link DatasetFormatException} whose message names the file: a magic number that is not IDX, an element type
 * other than unsigned byte ({@code 0x08}), a wrong number of dimensions, a truncated header, less data than the
 * header declares (how many bytes were expected and how many found), data after the declared end (how many
 * bytes), and a corrupt gzip stream. Every file read gets a {@link FileProvenance} with the SHA-256 of its bytes
 * as stored.
 *
 * <p>Stateless and thread-safe. A file is read into memory whole, so that the hash covers exactly the bytes parsed.
 */
public final class IdxReader {

    /** Magic number of an IDX file of unsigned-byte images: type 0x08, three dimensions (count, rows, columns). */
    public static final int IMAGES_MAGIC = 0x00000803;

    /** Magic number of an IDX file of unsigned-byte labels: type 0x08, one dimension (count). */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int UNSIGNED_BYTE = 0x08;
    private static final int GZIP_MAGIC_0 = 0x1F;
    private static final int GZIP_MAGIC_1 = 0x8B;
    // The largest array most JVMs allocate (the limit ArrayList and friends respect).
    private static final long MAX_DATA_BYTES = Integer.MAX_VALUE - 8;

    private IdxReader() {}

    /**
     * Reads an IDX file of unsigned-byte images (magic {@code 0x00000803}: count, rows, columns).
     *
     * @param file the file, gzipped or not
     * @return the dimension sizes, the pixels and the file's provenance
     * @throws DatasetFormatException if the content is not such a file; the message says what is wrong
     * @throws IOException if the file cannot be read (missing, unreadable)
     */
    public static IdxArray readImages(Path file) throws IOException {
        return read(file, IMAGES_MAGIC, "unsigned-byte images: count, rows, columns");
    }

    /**
     * Reads an IDX file of unsigned-byte labels (magic {@code 0x00000801}: count).
     *
     * @param file the file, gzipped or not
     * @return the count, the labels and the file's provenance
     * @throws DatasetFormatException if the content is not such a file; the message says what is wrong
     * @throws IOException if the file cannot be read (missing, unreadable)
     */
    public static IdxArray readLabels(Path file) throws IOException {
        return read(file, LABELS_MAGIC, "unsigned-byte labels: count");
    }

    private static IdxArray read(Path file, int expectedMagic, String expectedKind) throws IOException {
        byte[] stored = Files.readAllBytes(file);
        FileProvenance provenance = FileProvenance.of(file, stored, Files.getLastModifiedTime(file).toInstant());
        boolean gzipped = stored.length >= 2
                && (stored[0] & 0xFF) == GZIP_MAGIC_0 && (stored[1] & 0xFF) == GZIP_MAGIC_1;
        Parse parse = new Parse(file, gzipped, expectedMagic, expectedKind);
        // The stream is in memory, so an IOException from here on can only come from decompression.
        try (InputStream in = gzipped
                ? new GZIPInputStream(new ByteArrayInputStream(stored), 1 << 16)
                : new ByteArrayInputStream(stored)) {
            return parse.run(in, provenance);
        } catch (IOException e) {
            throw new DatasetFormatException("Corrupt gzip stream in IDX file " + file + ": " + e.getMessage()
                    + "; expected a complete gzip stream of an IDX file (" + expectedKind + ")", file, e);
        }
    }

    /** One parse of one file: holds what the error messages need to say. */
    private static final class Parse {
        private final Path file;
        private final boolean gzipped;
        private final int expectedMagic;
        private final String expectedKind;

        Parse(Path file, boolean gzipped, int expectedMagic, String expectedKind) {
            this.file = file;
            this.gzipped = gzipped;
            this.expectedMagic = expectedMagic;
            this.expectedKind = expectedKind;
        }

        IdxArray run(InputStream in, FileProvenance provenance) throws IOException {
            byte[] magic = in.readNBytes(4);
            if (magic.length < 4) {
                throw fail("Truncated IDX file %s: header = %d bytes; expected at least 4 (the magic number %s)",
                        file, magic.length, expectedMagicText());
            }
            int magicValue = ((magic[0] & 0xFF) << 24) | ((magic[1] & 0xFF) << 16)
                    | ((magic[2] & 0xFF) << 8) | (magic[3] & 0xFF);
            if (magic[0] != 0 || magic[1] != 0) {
                throw fail("Not an IDX file %s: magic number = 0x%08X; expected %s (an IDX file starts with two"
                        + " zero bytes)", file, magicValue, expectedMagicText());
            }
            int type = magic[2] & 0xFF;
            if (type != UNSIGNED_BYTE) {
                throw fail("Unsupported IDX element type in %s: type byte = 0x%02X (%s); expected 0x%02X"
                        + " (unsigned byte)", file, type, typeName(type), UNSIGNED_BYTE);
            }
            int rank = magic[3] & 0xFF;
            int expectedRank = expectedMagic & 0xFF;
            if (rank != expectedRank) {
                throw fail("Wrong number of dimensions in IDX file %s: dimensions = %d; expected %d (%s)",
                        file, rank, expectedRank, expectedKind);
            }
            int headerBytes = 4 + 4 * rank;
            byte[] sizes = in.readNBytes(4 * rank);
            if (sizes.length < 4 * rank) {
                throw fail("Truncated IDX file %s: header = %d bytes; expected %d (magic number and %d dimension"
                        + " sizes)", file, 4 + sizes.length, headerBytes, rank);
            }
            int[] dimensions = new int[rank];
            long expectedData = 1;
            for (int axis = 0; axis < rank; axis++) {
                long size = ((sizes[4 * axis] & 0xFFL) << 24) | ((sizes[4 * axis + 1] & 0xFFL) << 16)
                        | ((sizes[4 * axis + 2] & 0xFFL) << 8) | (sizes[4 * axis + 3] & 0xFFL);
                if (size > MAX_DATA_BYTES) {
                    throw fail("IDX file %s too large: size of dimension %d = %d; expected at most %d",
                            file, axis, size, MAX_DATA_BYTES);
                }
                dimensions[axis] = (int) size;
                expectedData *= size;
                if (expectedData > MAX_DATA_BYTES) {
                    throw fail("IDX file %s too large: its header declares more than %d data bytes; expected at"
                            + " most %d", file, MAX_DATA_BYTES, MAX_DATA_BYTES);
                }
            }
            // readNBytes(int) grows its buffer as data arrives, so a header that lies about the size of a short
            // file costs no more memory than the file holds.
            byte[] data = in.readNBytes((int) expectedData);
            if (data.length < expectedData) {
                throw fail("Truncated IDX file %s: data = %d bytes%s; expected %d after the %d-byte header (%s)",
                        file, data.length, decompressedNote(), expectedData, headerBytes, shape(dimensions));
            }
            long trailing = in.transferTo(OutputStream.nullOutputStream());
            if (trailing > 0) {
                throw fail("Trailing bytes in IDX file %s: %d bytes%s after the %d data bytes its header declares"
                        + " (%s); expected the file to end there", file, trailing, decompressedNote(), expectedData,
                        shape(dimensions));
            }
            return new IdxArray(dimensions, data, provenance);
        }

        private String expectedMagicText() {
            return String.format("0x%08X (%s)", expectedMagic, expectedKind);
        }

        private String decompressedNote() {
            return gzipped ? " (decompressed)" : "";
        }

        private DatasetFormatException fail(String format, Object... args) {
            return new DatasetFormatException(String.format(format, args), List.of(file));
        }
    }

    /** Formats dimension sizes as {@code 10000 x 28 x 28}. */
    static String shape(int[] dimensions) {
        StringBuilder text = new StringBuilder();
        for (int axis = 0; axis < dimensions.length; axis++) {
            text.append(axis == 0 ? "" : " x ").append(dimensions[axis]);
        }
        return text.toString();
    }

    private static String typeName(int type) {
        return switch (type) {
            case 0x09 -> "signed byte";
            case 0x0B -> "short";
            case 0x0C -> "int";
            case 0x0D -> "float";
            case 0x0E -> "double";
            default -> "not an IDX type";
        };
    }
}
