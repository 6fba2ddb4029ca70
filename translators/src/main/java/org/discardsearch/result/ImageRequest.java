package org.discardsearch.result;

import java.util.Arrays;
import java.util.OptionalInt;

/**
 * One image to classify: its encoded bytes (PNG or JPEG) and, optionally, the budget this request asks for.
 * The budget must lie in [1, the archive's {@code discardSearch.maxBudget}]; 1 means vanilla.
 */
public final class ImageRequest {

    private final byte[] bytes;
    private final OptionalInt budget;

    private ImageRequest(byte[] bytes, OptionalInt budget) {
        this.bytes = bytes == null ? new byte[0] : bytes.clone();
        this.budget = budget;
    }

    /**
     * Creates a request that uses the archive's configured budget.
     *
     * @param bytes the encoded image; null is read as empty and rejected when decoded
     * @return the request
     */
    public static ImageRequest of(byte[] bytes) {
        return new ImageRequest(bytes, OptionalInt.empty());
    }

    /**
     * Creates a request with its own budget.
     *
     * @param bytes the encoded image
     * @param budget the number of states to aggregate; validated against the archive when scored
     * @return the request
     */
    public static ImageRequest of(byte[] bytes, int budget) {
        return new ImageRequest(bytes, OptionalInt.of(budget));
    }

    /**
     * Returns a copy of the encoded image.
     *
     * @return the bytes
     */
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * Returns the number of encoded bytes, without copying them.
     *
     * @return the size
     */
    public int size() {
        return bytes.length;
    }

    /**
     * Returns the budget asked for, if any.
     *
     * @return the budget or empty for the archive's default
     */
    public OptionalInt budget() {
        return budget;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ImageRequest other && Arrays.equals(bytes, other.bytes) && budget.equals(other.budget);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(bytes) + budget.hashCode();
    }

    @Override
    public String toString() {
        return "ImageRequest(" + bytes.length + " bytes, budget " + (budget.isPresent() ? budget.getAsInt() : "default")
                + ")";
    }
}
