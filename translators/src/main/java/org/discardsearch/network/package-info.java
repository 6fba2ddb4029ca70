/**
 * Architectures built from the offset-selectable layers, run as segments cut at the searched subsampling
 * layers so that a search can continue from a cached activation instead of from the image: step three of the
 * data flow. In: normalised images (N, C, H, W). Out: final pre-pool maps, and logits through the head.
 */
package org.discardsearch.network;
