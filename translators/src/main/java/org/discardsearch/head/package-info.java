/**
 * The model's own classifier head, applied to one aggregated feature map per image: global average pooling
 * then the fully connected layer. In: maps (N, C, H, W). Out: logits (N, K).
 */
package org.discardsearch.head;
