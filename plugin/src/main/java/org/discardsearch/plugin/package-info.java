/**
 * The DJL Serving plugin: a thin adapter between Netty requests under {@code /discard-search/} and the core's
 * A/B package ({@link org.discardsearch.ab}). It routes requests to arms, runs the model through DJL Serving's
 * model manager, records outcomes, and writes JSON or HTML. Error categories map to HTTP statuses in one
 * place ({@link org.discardsearch.plugin.HttpFailure#statusOf(Throwable)}).
 *
 * <p>Class loading: DJL Serving loads plugins in their own class loader, which sees the server's classpath but
 * not its {@code deps/} folder, where the translators jar sits for the models. The plugin jar therefore carries
 * its own copy of the core packages it calls (A/B, statistics, configuration, errors), and talks to models only
 * through the server's API, never through statics shared with the models' copy.
 */
package org.discardsearch.plugin;
