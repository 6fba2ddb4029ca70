/**
 * What leaves the core: the request an adapter sends in and the result it gets back, as plain Java values
 * that hold no NDArray. Shared by the DJL Serving plugin, the Kafka consumer and the offline evaluation.
 */
package org.discardsearch.result;
