/**
 * Data step of the model-archives tools: reads the Fashion-MNIST IDX files strictly, records their provenance,
 * splits them reproducibly, and hands images on as values, DJL arrays or PNG bytes.
 *
 * <p>In: the four gzipped IDX files of Debian's package {@code dataset-fashion-mnist} (or a folder named by
 * {@code --data DIR}). Out: {@link org.discardsearch.archives.data.LabelledImages} for the train (55,000),
 * calibration (5,000) and test (10,000) parts of a {@link org.discardsearch.archives.data.DatasetSplit}, with a
 * {@link org.discardsearch.archives.data.FileProvenance} (SHA-256) for every file read. Training, evaluation and
 * packaging import this package; it imports only {@code config} from the core.
 */
package org.discardsearch.archives.data;
