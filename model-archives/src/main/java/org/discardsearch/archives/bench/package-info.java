/**
 * The core benchmarks: latency, throughput and multiply-accumulates ({@code CoreBenchmark}), and peak memory beside
 * latency ({@code MemoryBenchmark}), of vanilla inference and discard search.
 */
package org.discardsearch.archives.bench;
