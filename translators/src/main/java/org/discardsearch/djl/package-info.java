/**
 * DJL's SPIs, implemented and nothing else: the {@code BlockFactory} and {@code TranslatorFactory} that an
 * archive's {@code serving.properties} names, so that a plain {@code Criteria.optModelPath(dir)} loads the
 * archive exactly as DJL Serving does, and the translators for {@code Image → Classifications},
 * {@code ImageRequest → DiscardResult} and {@code Input → Output}. Nothing imports this package.
 */
package org.discardsearch.djl;
