package org.discardsearch.search;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.discardsearch.config.ErrorCategory;

/** Strict parsing of enum constants by their configuration names. */
final class EnumNames {

    private EnumNames() {}

    /**
     * Returns the constant whose configuration name equals the value exactly.
     *
     * @param value the text to parse
     * @param constants the enum's constants
     * @param nameOf the configuration name of a constant
     * @param what what the value is, for the message (e.g. "search order")
     * @param <E> the enum type
     * @return the matching constant
     * @throws SearchException (BAD_CONFIG) naming the value and the allowed names if none matches
     */
    static <E extends Enum<E>> E parse(String value, E[] constants, Function<E, String> nameOf, String what) {
        for (E constant : constants) {
            if (nameOf.apply(constant).equals(value)) {
                return constant;
            }
        }
        String allowed = Arrays.stream(constants).map(nameOf).collect(Collectors.joining(", "));
        throw new SearchException(ErrorCategory.BAD_CONFIG,
                "Unknown " + what + ": '" + value + "'; allowed: " + allowed);
    }
}
