package org.discardsearch.search;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import org.discardsearch.layer.RowSelection;

/**
 * One row of a batch computed in a pass, kept by reference: slicing every row of every pass would cost an op
 * each, and most rows are never read again.
 *
 * @param batch the batch, (N, …)
 * @param index the row
 */
record BatchRow(NDArray batch, int index) {

    /**
     * Gathers rows into one batch, in the given order: at most one op per batch they come from, and one more to
     * restore the order when they come from several. Each batch not already on {@code scope} is temp-attached to
     * it, so the copies made here go when the scope closes and the batches go back to their managers.
     *
     * @param rows the rows, at least one
     * @param scope where the gathered batch is made
     * @return (rows.size(), …), valid while {@code scope} is open (it may be one of the batches itself)
     */
    static NDArray gather(List<BatchRow> rows, NDManager scope) {
        // Batches by identity (NDArray.equals compares contents), in order of first use.
        List<NDArray> batches = new ArrayList<>();
        List<List<Integer>> positions = new ArrayList<>();
        for (int p = 0; p < rows.size(); p++) {
            int b = 0;
            while (b < batches.size() && batches.get(b) != rows.get(p).batch()) {
                b++;
            }
            if (b == batches.size()) {
                NDArray batch = rows.get(p).batch();
                if (batch.getManager() != scope) {
                    batch.tempAttach(scope);
                }
                batches.add(batch);
                positions.add(new ArrayList<>());
            }
            positions.get(b).add(p);
        }
        NDList parts = new NDList(batches.size());
        long[] order = new long[rows.size()];
        int next = 0;
        for (int b = 0; b < batches.size(); b++) {
            parts.add(RowSelection.select(batches.get(b),
                    positions.get(b).stream().mapToLong(p -> rows.get(p).index()).toArray()));
            for (int p : positions.get(b)) {
                order[p] = next++;
            }
        }
        return RowSelection.concatInOrder(parts, order);
    }
}
