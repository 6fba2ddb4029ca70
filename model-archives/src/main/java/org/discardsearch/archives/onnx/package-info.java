/**
 * The import tool for ONNX classifiers: what the command line shows of an imported graph. The graph itself is
 * read, measured and run by {@code org.discardsearch.onnx} in the core.
 */
package org.discardsearch.archives.onnx;
