/**
 * Step 1 of the data flow: image bytes → decoded image → normalised tensor.
 *
 * <p>In: the raw bytes of one PNG or JPEG image (from an HTTP request or a Kafka record), or an
 * H×W×C pixel array from training code. Out: a float32 {@code (C, H, W)} tensor owned by the
 * caller's {@link ai.djl.ndarray.NDManager}. {@link org.discardsearch.image.ImageDecoder} checks
 * the bytes before it decodes them, and {@link org.discardsearch.image.Preprocessing} turns the
 * pixels into the tensor a model expects (docs/algorithm.md §8.1). Every bad input is reported as
 * an {@link org.discardsearch.image.InputRejectedException} with a machine-readable
 * {@link org.discardsearch.image.RejectReason}. This package imports only from {@code config}.
 */
package org.discardsearch.image;
