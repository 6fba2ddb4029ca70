/**
 * Training of the attention aggregator ({@link org.discardsearch.aggregate.AttentionAggregator}) on precomputed
 * candidate sets with the backbone frozen: the training loop ({@link
 * org.discardsearch.archives.train.attention.AttentionTrainer}), its dataset and its per-epoch report. A tool
 * beside the archives, kept out of the serving jar (docs/algorithm.md §5.4).
 */
package org.discardsearch.archives.train.attention;
