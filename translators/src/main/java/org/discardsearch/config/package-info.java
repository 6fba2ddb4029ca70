/**
 * Configuration of discard search: key declarations, strict parsing into immutable records, and the error
 * types with their categories. Every other package may import this one.
 */
package org.discardsearch.config;
