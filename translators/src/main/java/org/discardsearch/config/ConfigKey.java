package org.discardsearch.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.discardsearch.error.ConfigException;

/**
 * One configuration key, declared once with its five parts: name, type, default, validator and doc. The key
 * names are public API: archives in the field spell them, so renaming one is a breaking change.
 *
 * <p>A key is one of three kinds: it has a default (which is parsed and validated by the same code as user
 * values, when the key is declared), it is required, or it is optional, in which case absence has a meaning
 * that someone else resolves later (for example "the architecture's default layers").
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param <T> the type of the parsed value
 */
public final class ConfigKey<T> {

    private final String name;
    private final ValueType<T> type;
    private final Validator<? super T> validator;
    private final String defaultText;
    private final T defaultValue;
    private final String absentMeaning;
    private final String doc;

    private ConfigKey(String name, ValueType<T> type, Validator<? super T> validator, String defaultText,
            String absentMeaning, String doc) {
        this.name = requireText(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.doc = requireText(doc, "doc");
        this.defaultText = defaultText;
        this.absentMeaning = absentMeaning;
        if (defaultText == null) {
            this.defaultValue = null;
        } else {
            try {
                this.defaultValue = parse(defaultText);
            } catch (ConfigException e) {
                throw new IllegalStateException("Declared default of " + name + " is invalid: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Declares a key with a default value.
     *
     * @param name the full key name, e.g. {@code discardSearch.budget}
     * @param type how the value is parsed
     * @param defaultText the default, as a user would write it; it must parse and pass the validator
     * @param validator the constraint on parsed values
     * @param doc one or two sentences for the key table
     * @param <T> the value type
     * @return the key
     * @throws IllegalStateException if the default is not a valid value
     */
    public static <T> ConfigKey<T> of(String name, ValueType<T> type, String defaultText,
            Validator<? super T> validator, String doc) {
        return new ConfigKey<>(name, type, validator, Objects.requireNonNull(defaultText, "defaultText"), null, doc);
    }

    /**
     * Declares a key that must be given.
     *
     * @param name the full key name
     * @param type how the value is parsed
     * @param validator the constraint on parsed values
     * @param doc one or two sentences for the key table
     * @param <T> the value type
     * @return the key
     */
    public static <T> ConfigKey<T> required(String name, ValueType<T> type, Validator<? super T> validator,
            String doc) {
        return new ConfigKey<>(name, type, validator, null, null, doc);
    }

    /**
     * Declares a key that may be absent, where absence means something decided elsewhere.
     *
     * @param name the full key name
     * @param type how the value is parsed
     * @param validator the constraint on parsed values
     * @param absentMeaning what absence means, shown as the default in the key table, e.g.
     *     {@code (architecture default)}
     * @param doc one or two sentences for the key table
     * @param <T> the value type
     * @return the key
     */
    public static <T> ConfigKey<T> optional(String name, ValueType<T> type, Validator<? super T> validator,
            String absentMeaning, String doc) {
        return new ConfigKey<>(name, type, validator, null, requireText(absentMeaning, "absentMeaning"), doc);
    }

    /**
     * Returns the full key name.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns how the value is parsed.
     *
     * @return the type
     */
    public ValueType<T> type() {
        return type;
    }

    /**
     * Returns the doc string.
     *
     * @return the doc
     */
    public String doc() {
        return doc;
    }

    /**
     * Returns the parsed default.
     *
     * @return the default, or empty for a required or optional key
     */
    public Optional<T> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /**
     * Tells whether the key must be given.
     *
     * @return true when there is neither a default nor a meaning for absence
     */
    public boolean isRequired() {
        return defaultText == null && absentMeaning == null;
    }

    /**
     * Describes the default for the key table.
     *
     * @return the default as written, {@code (required)}, or what absence means
     */
    public String describeDefault() {
        if (defaultText != null) {
            return defaultText;
        }
        return absentMeaning != null ? absentMeaning : "(required)";
    }

    /**
     * Describes the allowed values: the type's noun followed by the validator's phrase.
     *
     * @return e.g. {@code an integer in [1, 256]}, or {@code paper, best-first}
     */
    public String allowed() {
        String phrase = validator.describe();
        return phrase.isEmpty() ? type.noun() : type.noun() + " " + phrase;
    }

    /**
     * Parses and validates the text of a value.
     *
     * @param text the value as written; surrounding whitespace is ignored
     * @return the value
     * @throws ConfigException if the text does not parse or the value is not allowed; the message names this
     *     key, the text and {@link #allowed()}
     */
    public T parse(String text) {
        if (text == null) {
            throw ConfigException.invalidValue(name, "null", allowed());
        }
        T value = type.parse(text).orElseThrow(() -> ConfigException.invalidValue(name, text, allowed()));
        if (!validator.accepts(value)) {
            throw ConfigException.invalidValue(name, text, allowed());
        }
        return value;
    }

    /**
     * Validates a value that was built in code rather than parsed, e.g. by a record's constructor.
     *
     * @param value the value
     * @return the same value
     * @throws ConfigException if the value is null or not allowed
     */
    public T check(T value) {
        if (value == null) {
            throw ConfigException.invalidValue(name, "null", allowed());
        }
        if (!validator.accepts(value)) {
            throw ConfigException.invalidValue(name, type.format(value), allowed());
        }
        return value;
    }

    /**
     * Formats a value as a user would write it.
     *
     * @param value the value
     * @return its text
     */
    public String format(T value) {
        return type.format(value);
    }

    /**
     * Reads this key from archive arguments. DJL passes {@code serving.properties} arguments as objects; each
     * value is read through its {@code toString()}.
     *
     * @param arguments the arguments
     * @return the parsed value when the key is present, else the default, else empty
     * @throws ConfigException if the value is present but invalid
     */
    public Optional<T> lookup(Map<String, ?> arguments) {
        Object raw = arguments.get(name);
        if (raw == null) {
            return defaultValue();
        }
        return Optional.of(parse(raw.toString()));
    }

    /**
     * Reads this key from archive arguments, failing when it has no value and no default.
     *
     * @param arguments the arguments
     * @return the parsed value, or the default
     * @throws ConfigException if the value is invalid, or missing without a default
     */
    public T require(Map<String, ?> arguments) {
        return lookup(arguments).orElseThrow(() ->
                new ConfigException(name, "Missing value for " + name + "; allowed: " + allowed()));
    }

    @Override
    public String toString() {
        return name;
    }

    private static String requireText(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("A config key needs a non-blank " + what);
        }
        return text;
    }
}
