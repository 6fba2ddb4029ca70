package org.discardsearch.error;

/**
 * A configuration key or value is wrong: always {@link ErrorCategory#BAD_CONFIG}. The message names the key,
 * the offending value and what is allowed, for example
 * {@code Invalid value 'bestfirst' for discardSearch.order; allowed: paper, best-first}.
 */
public class ConfigException extends DiscardSearchException {

    private static final long serialVersionUID = 1L;

    private final String key;

    /**
     * Creates a configuration error about one key.
     *
     * @param key the key at fault (for a rule spanning several keys, the one the user should change first)
     * @param message the user-facing message, naming the key, the value and what is allowed
     */
    public ConfigException(String key, String message) {
        super(ErrorCategory.BAD_CONFIG, message);
        this.key = key;
    }

    /**
     * Creates the standard error for a value that does not parse or is out of range.
     *
     * @param key the key
     * @param value the value as the user wrote it
     * @param allowed what the key accepts, e.g. {@code an integer in [1, 256]}
     * @return the error, with message {@code Invalid value '<value>' for <key>; allowed: <allowed>}
     */
    public static ConfigException invalidValue(String key, String value, String allowed) {
        return new ConfigException(key, "Invalid value '" + value + "' for " + key + "; allowed: " + allowed);
    }

    /**
     * Returns the key at fault.
     *
     * @return the key's full name
     */
    public String key() {
        return key;
    }
}
