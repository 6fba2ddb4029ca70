package org.discardsearch.archives.data;

import java.util.Objects;

/**
 * The content of one IDX file of unsigned bytes: its dimension sizes, its data in row-major order, and the
 * provenance of the file it came from. Immutable: accessors return copies.
 */
public final class IdxArray {

    private final int[] dimensions;
    private final byte[] data;
    private final FileProvenance provenance;

    /** Trusts its arguments: only {@link IdxReader} creates these, after checking the sizes agree. */
    IdxArray(int[] dimensions, byte[] data, FileProvenance provenance) {
        this.dimensions = dimensions;
        this.data = data;
        this.provenance = Objects.requireNonNull(provenance, "provenance");
    }

    /**
     * Returns the number of dimensions (1 for labels, 3 for images).
     *
     * @return the rank
     */
    public int rank() {
        return dimensions.length;
    }

    /**
     * Returns the size of one dimension, as stored in the header.
     *
     * @param axis the dimension, 0 (the number of items) to {@code rank() - 1}
     * @return its size
     * @throws IndexOutOfBoundsException if {@code axis} is not in {@code [0, rank())}
     */
    public int dimension(int axis) {
        Objects.checkIndex(axis, dimensions.length);
        return dimensions[axis];
    }

    /**
     * Returns the number of data bytes, the product of the dimension sizes.
     *
     * @return the data length
     */
    public int length() {
        return data.length;
    }

    /**
     * Returns a copy of the data, unsigned bytes in row-major order (the last dimension varies fastest).
     *
     * @return a new array of {@link #length()} bytes
     */
    public byte[] data() {
        return data.clone();
    }

    /** Returns the data without copying, for this package's loaders, which copy or wrap it once themselves. */
    byte[] dataView() {
        return data;
    }

    /**
     * Returns where the data came from.
     *
     * @return the file, its SHA-256, size and modification time
     */
    public FileProvenance provenance() {
        return provenance;
    }

    /**
     * Returns a short description with the file and the dimension sizes, never the data.
     *
     * @return for example {@code IdxArray[t10k-images-idx3-ubyte.gz, 10000 x 28 x 28]}
     */
    @Override
    public String toString() {
        return "IdxArray[" + provenance.file().getFileName() + ", " + IdxReader.shape(dimensions) + "]";
    }
}
