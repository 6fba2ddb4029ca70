/**
 * The core benchmarks: latency, throughput and multiply-accumulates ({@code CoreBenchmark}), and peak memory beside
 * latency ({@code MemoryBenchmark}), of vanilla inference and discard search; imported ONNX graphs against ONNX
 * Runtime running the whole file ({@code OnnxBenchmark}).
 */
package org.discardsearch.archives.bench;
