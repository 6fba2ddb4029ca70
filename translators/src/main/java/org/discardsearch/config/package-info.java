/**
 * Configuration of discard search and of the model it runs on: key declarations, strict parsing into
 * immutable records. Every other package may import this one; its errors are in {@link org.discardsearch.error}.
 *
 * <p>In: the archive arguments DJL passes from {@code serving.properties} (a {@code Map<String, ?>}). Out:
 * {@link org.discardsearch.config.DiscardSearchConfig} and {@link org.discardsearch.config.ModelConfig}, or a
 * {@link org.discardsearch.error.ConfigException} naming the key, the value and what is allowed.
 *
 * <p>Each key is declared once, as a {@link org.discardsearch.config.ConfigKey} constant in
 * {@link org.discardsearch.config.DiscardSearchKeys} or {@link org.discardsearch.config.ModelKeys}; the
 * key table of docs/configuration.md is rendered from them by {@link org.discardsearch.config.ConfigTable}.
 */
package org.discardsearch.config;
