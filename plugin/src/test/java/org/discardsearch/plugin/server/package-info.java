/**
 * A real DJL Serving 0.36.0 for the tests, the benchmark and the one-command server: a home laid out from the
 * plugin's distribution ({@link org.discardsearch.plugin.server.ServingHome}), the server in a child JVM
 * ({@link org.discardsearch.plugin.server.DjlServing}), and what runs against it.
 */
package org.discardsearch.plugin.server;
