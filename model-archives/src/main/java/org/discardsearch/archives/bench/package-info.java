/** The core benchmark: latency, throughput and multiply-accumulates of vanilla inference and discard search. */
package org.discardsearch.archives.bench;
