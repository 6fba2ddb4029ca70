package org.discardsearch.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of a batch computed in a pass, kept by reference: slicing every row of every pass would cost an op
 * each, and most rows are never read again.
 *
 * @param batch the batch, (N, …)
 * @param index the row
 */
record BatchRow(NDArray batch, int index) {

    /**
     * Gathers rows into one batch, in the given order: one op per batch they come from, and one more to restore
     * the order when they come from several.
     *
     * @param rows the rows, at least one
     * @param manager where the index arrays are made
     * @return (rows.size(), …)
     */
    static NDArray gather(List<BatchRow> rows, NDManager manager) {
        // Batches by identity (NDArray.equals compares contents), in order of first use.
        List<NDArray> batches = new ArrayList<>();
        List<List<Integer>> positions = new ArrayList<>();
        for (int p = 0; p < rows.size(); p++) {
            int b = 0;
            while (b < batches.size() && batches.get(b) != rows.get(p).batch()) {
                b++;
            }
            if (b == batches.size()) {
                batches.add(rows.get(p).batch());
                positions.add(new ArrayList<>());
            }
            positions.get(b).add(p);
        }
        NDList parts = new NDList(batches.size());
        long[] order = new long[rows.size()];
        int next = 0;
        boolean inOrder = true;
        for (int b = 0; b < batches.size(); b++) {
            long[] indices = positions.get(b).stream().mapToLong(p -> rows.get(p).index()).toArray();
            parts.add(isAll(indices, batches.get(b)) ? batches.get(b)
                    : batches.get(b).get(new NDIndex("{}", manager.create(indices))));
            for (int p : positions.get(b)) {
                inOrder &= p == next;
                order[p] = next++;
            }
        }
        NDArray gathered = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
        return inOrder ? gathered : gathered.get(new NDIndex("{}", manager.create(order)));
    }

    /** Returns whether the indices are every row of the batch, in order. */
    private static boolean isAll(long[] indices, NDArray batch) {
        if (indices.length != batch.getShape().get(0)) {
            return false;
        }
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] != i) {
                return false;
            }
        }
        return true;
    }
}
