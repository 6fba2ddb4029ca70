package org.discardsearch.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How the text of a configuration value becomes a typed value, strictly. Values are trimmed first; then
 * <ul>
 *   <li>{@link #INT} takes optional sign and ASCII digits only: {@code "3.7"}, {@code "1e3"} and {@code ""} fail;</li>
 *   <li>{@link #DOUBLE} takes a plain decimal number with an optional exponent; {@code NaN}, {@code Infinity},
 *       hexadecimal and Java suffixes such as {@code "1d"} fail, and so does a value that overflows;</li>
 *   <li>{@link #BOOLEAN} takes {@code true} or {@code false}, in any case, and nothing else;</li>
 *   <li>{@link #STRING} takes any text that is not blank;</li>
 *   <li>{@link #ofEnum(Class)} takes a constant's lower-case name with hyphens for underscores
 *       ({@code BEST_FIRST} is {@code best-first}), exactly;</li>
 *   <li>{@link #INT_LIST} and {@link #FLOAT_LIST} take comma-separated elements (each trimmed) and reject empty
 *       elements.</li>
 * </ul>
 * Instances are immutable and thread-safe.
 *
 * @param <T> the parsed type
 */
public final class ValueType<T> {

    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    /** A 32-bit integer. */
    public static final ValueType<Integer> INT =
            new ValueType<>("int", "an integer", ValueType::parseInt, Object::toString);

    /** A finite double. */
    public static final ValueType<Double> DOUBLE =
            new ValueType<>("double", "a number", ValueType::parseDouble, ValueType::formatNumber);

    /** {@code true} or {@code false}. */
    public static final ValueType<Boolean> BOOLEAN =
            new ValueType<>("boolean", "true, false", ValueType::parseBoolean, Object::toString);

    /** Non-blank text, such as a topic name or a folder, trimmed. */
    public static final ValueType<String> STRING = new ValueType<>("string", "a non-blank text",
            text -> text.isEmpty() ? Optional.empty() : Optional.of(text), text -> text);

    /** A non-empty comma-separated list of integers, e.g. {@code 1,2,3}. */
    public static final ValueType<List<Integer>> INT_LIST = new ValueType<>("list of int",
            "a comma-separated list of integers", text -> parseList(text, ValueType::parseInt),
            list -> list.stream().map(Object::toString).collect(Collectors.joining(",")));

    /** A non-empty comma-separated list of finite floats, e.g. {@code 0.5,0.5,0.5}. */
    public static final ValueType<List<Float>> FLOAT_LIST = new ValueType<>("list of float",
            "a comma-separated list of numbers", text -> parseList(text, ValueType::parseFloat),
            list -> list.stream().map(ValueType::formatNumber).collect(Collectors.joining(",")));

    private final String name;
    private final String noun;
    private final Function<String, Optional<T>> parser;
    private final Function<T, String> formatter;

    private ValueType(String name, String noun, Function<String, Optional<T>> parser, Function<T, String> formatter) {
        this.name = name;
        this.noun = noun;
        this.parser = parser;
        this.formatter = formatter;
    }

    /**
     * Returns the type of an enum whose constants are written as their lower-case, hyphenated names.
     *
     * @param type the enum class
     * @param <E> the enum type
     * @return the value type; its noun lists the allowed names, e.g. {@code paper, best-first}
     */
    public static <E extends Enum<E>> ValueType<E> ofEnum(Class<E> type) {
        List<E> constants = List.of(type.getEnumConstants());
        String names = constants.stream().map(ValueType::enumName).collect(Collectors.joining(", "));
        return new ValueType<>("enum", names,
                text -> constants.stream().filter(c -> enumName(c).equals(text)).findFirst(),
                ValueType::enumName);
    }

    /**
     * Returns the configuration name of an enum constant: lower case, underscores become hyphens.
     *
     * @param constant the constant
     * @return e.g. {@code best-first} for {@code BEST_FIRST}
     */
    public static String enumName(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Returns the short name of the type for the key table, e.g. {@code int} or {@code list of int}.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    /**
     * Returns what values of this type look like, e.g. {@code an integer}, or the allowed names of an enum.
     *
     * @return the noun phrase
     */
    public String noun() {
        return noun;
    }

    /**
     * Parses the text of a value.
     *
     * @param text the text; surrounding whitespace is ignored
     * @return the value, or empty when the text is not a value of this type
     */
    public Optional<T> parse(String text) {
        Objects.requireNonNull(text, "text");
        return parser.apply(text.strip());
    }

    /**
     * Formats a value so that {@link #parse(String)} reads it back.
     *
     * @param value the value
     * @return its text
     */
    public String format(T value) {
        return formatter.apply(value);
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * Formats a number without a trailing {@code .0} and without an exponent for ordinary magnitudes.
     *
     * @param number a finite number
     * @return e.g. {@code 0}, {@code 0.485}, {@code 1}
     */
    static String formatNumber(Number number) {
        double value = number.doubleValue();
        if (!Double.isFinite(value)) {
            return number.toString();
        }
        // Through the number's own shortest decimal text, so 0.485f prints as 0.485, not 0.48500001430511475.
        return new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
    }

    private static Optional<Integer> parseInt(String text) {
        if (!INTEGER.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException overflow) {
            return Optional.empty();
        }
    }

    private static Optional<Double> parseDouble(String text) {
        if (!DECIMAL.matcher(text).matches()) {
            return Optional.empty();
        }
        double value = Double.parseDouble(text);
        return Double.isFinite(value) ? Optional.of(value) : Optional.empty();
    }

    private static Optional<Float> parseFloat(String text) {
        if (!DECIMAL.matcher(text).matches()) {
            return Optional.empty();
        }
        float value = Float.parseFloat(text);
        return Float.isFinite(value) ? Optional.of(value) : Optional.empty();
    }

    private static Optional<Boolean> parseBoolean(String text) {
        if ("true".equalsIgnoreCase(text)) {
            return Optional.of(Boolean.TRUE);
        }
        if ("false".equalsIgnoreCase(text)) {
            return Optional.of(Boolean.FALSE);
        }
        return Optional.empty();
    }

    private static <E> Optional<List<E>> parseList(String text, Function<String, Optional<E>> element) {
        if (text.isEmpty()) {
            return Optional.empty();
        }
        List<E> values = new ArrayList<>();
        // The -1 limit keeps trailing empty elements, so "1,2," is rejected rather than read as "1,2".
        for (String part : Arrays.asList(text.split(",", -1))) {
            Optional<E> value = element.apply(part.strip());
            if (value.isEmpty()) {
                return Optional.empty();
            }
            values.add(value.get());
        }
        return Optional.of(Collections.unmodifiableList(values));
    }
}
