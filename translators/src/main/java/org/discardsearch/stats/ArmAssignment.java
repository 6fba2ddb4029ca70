package org.discardsearch.stats;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * Assigns a request or record id to an arm, stably: the id's SHA-256 digest, first 8 bytes read big-endian,
 * top 53 bits, gives a number uniform in [0, 1); ids below {@code searchFraction} go to {@link Arm#SEARCH}, the
 * rest to {@link Arm#VANILLA}. The same id gets the same arm in every JVM and every run, whichever door
 * (plugin, consumer, offline evaluation) it came through, and the split of a set of distinct ids follows
 * {@code searchFraction}. Raising the fraction only moves ids from vanilla to search.
 *
 * <p>Immutable and thread-safe.
 *
 * @param searchFraction the share of ids that go to the search arm, in [0, 1]
 */
public record ArmAssignment(double searchFraction) {

    /**
     * Validates the fraction.
     *
     * @throws IllegalArgumentException if {@code searchFraction} is not in [0, 1]
     */
    public ArmAssignment {
        if (!(searchFraction >= 0 && searchFraction <= 1)) {
            throw new IllegalArgumentException("searchFraction must be in [0, 1], got " + searchFraction);
        }
    }

    /**
     * Returns the arm of an id.
     *
     * @param id the request or record id, as UTF-8 text
     * @return {@link Arm#SEARCH} when {@link #unitHash(String)} is below {@code searchFraction}, else
     *     {@link Arm#VANILLA}
     */
    public Arm assign(String id) {
        return unitHash(id) < searchFraction ? Arm.SEARCH : Arm.VANILLA;
    }

    /**
     * Maps an id to a number uniform in [0, 1), the same in every JVM.
     *
     * @param id the id
     * @return the top 53 bits of the first 8 bytes of SHA-256(UTF-8 id), scaled to [0, 1)
     */
    public static double unitHash(String id) {
        Objects.requireNonNull(id, "id");
        byte[] digest = sha256().digest(id.getBytes(StandardCharsets.UTF_8));
        long bits = ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
        return (bits >>> 11) * 0x1.0p-53;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (java.security.MessageDigest javadoc).
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
