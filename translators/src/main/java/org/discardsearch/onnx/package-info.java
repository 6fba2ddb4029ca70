/**
 * Imported ONNX classifiers: reading the file, finding its subsampling layers and running the graph with ONNX
 * Runtime. It stands beside {@code network} as the second source of networks: step three of the data flow for a
 * model that was not built from this project's layers. In: an ONNX file (a {@code ModelProto}). Out: the graph's
 * nodes, its subsampling layers grouped by resolution transition, and logits computed by ONNX Runtime.
 *
 * <p>The file is read with protobuf-java against the few messages declared in {@link
 * org.discardsearch.onnx.OnnxSchema}; fields the schema does not name are kept as unknown fields, so a graph
 * written back (with other outputs, say) loses nothing.
 */
package org.discardsearch.onnx;
