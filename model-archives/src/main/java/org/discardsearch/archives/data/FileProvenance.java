package org.discardsearch.archives.data;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a data file came from, recorded when it is read so that a model card can state exactly which bytes a
 * model was trained and evaluated on.
 *
 * @param file the file as it was opened
 * @param sha256 the SHA-256 of the file's bytes as stored on disk (before any decompression), 64 lower-case hex
 *     digits
 * @param sizeBytes the file's size on disk in bytes
 * @param lastModified the file's modification time when it was read
 */
public record FileProvenance(Path file, String sha256, long sizeBytes, Instant lastModified) {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException if {@code sha256} is not 64 lower-case hex digits or the size is negative
     * @throws NullPointerException if a component is null
     */
    public FileProvenance {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(lastModified, "lastModified");
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException(
                    "Invalid SHA-256: sha256 = '" + sha256 + "'; expected 64 lower-case hex digits");
        }
        if (sizeBytes < 0) {
            throw new IllegalArgumentException("Invalid file size: sizeBytes = " + sizeBytes + "; expected >= 0");
        }
    }

    /** Computes the provenance of a file from the bytes read from it; the caller has just read them. */
    static FileProvenance of(Path file, byte[] stored, Instant lastModified) {
        return new FileProvenance(file, sha256Hex(stored), stored.length, lastModified);
    }

    private static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest javadoc), so this cannot happen.
            throw new IllegalStateException("SHA-256 is not available on this Java platform", e);
        }
    }
}
