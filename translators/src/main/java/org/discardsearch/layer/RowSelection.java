package org.discardsearch.layer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;

/**
 * Picks rows of batches with as few tensor ops as it can: at these sizes every op costs more in dispatch than in
 * work, so a batch is used as it is, sliced, or gathered, whichever does the job.
 */
public final class RowSelection {

    private RowSelection() {}

    /**
     * Returns the given rows of a batch, in the given order: the batch itself when they are all its rows in
     * order, a slice when they are consecutive, else one gather.
     *
     * @param batch the batch, (N, …)
     * @param rows the rows, at least one
     * @return (rows.length, …)
     */
    public static NDArray select(NDArray batch, long[] rows) {
        boolean consecutive = true;
        for (int i = 1; i < rows.length; i++) {
            consecutive &= rows[i] == rows[0] + i;
        }
        if (!consecutive) {
            return batch.get(new NDIndex("{}", batch.getManager().create(rows)));
        }
        if (rows[0] == 0 && rows.length == batch.getShape().get(0)) {
            return batch;
        }
        return batch.get(new NDIndex().addSliceDim(rows[0], rows[0] + rows.length));
    }

    /**
     * Concatenates parts along the rows and reorders the result: row i is row {@code order[i]} of the
     * concatenation. No gather when the order is already the concatenation's.
     *
     * @param parts the parts, at least one
     * @param order for each result row, its row in the concatenation
     * @return (order.length, …)
     */
    public static NDArray concatInOrder(NDList parts, long[] order) {
        NDArray all = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
        for (int row = 0; row < order.length; row++) {
            if (order[row] != row) {
                return all.get(new NDIndex("{}", all.getManager().create(order)));
            }
        }
        return all;
    }
}
