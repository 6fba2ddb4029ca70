package org.discardsearch.plugin;

import java.util.Map;
import java.util.Objects;

/**
 * A model (or workflow) the server serves, as the plugin sees it.
 *
 * @param name the name it is served under
 * @param version its version, or null
 * @param status its loading status, e.g. {@code READY}
 * @param properties the arguments of its discard-search model (the archive's {@code serving.properties} as the
 *     server holds them), or of its first model when none uses discard search
 */
public record ServedModel(String name, String version, String status, Map<String, String> properties) {

    /**
     * Validates and copies the components.
     *
     * @throws NullPointerException if the name, status or properties are null
     */
    public ServedModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        properties = Map.copyOf(properties);
    }
}
