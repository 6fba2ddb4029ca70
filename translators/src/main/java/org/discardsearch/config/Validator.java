package org.discardsearch.config;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A constraint on a parsed value that describes itself, so that an error message and the generated key table
 * can say what is allowed. The description is a phrase that follows the type's noun: an {@code int} key with
 * {@code between(1, 256)} reads "an integer in [1, 256]".
 *
 * @param <T> the type of the checked values
 */
public interface Validator<T> {

    /**
     * Tells whether a value satisfies the constraint.
     *
     * @param value a parsed, non-null value
     * @return true when the value is allowed
     */
    boolean accepts(T value);

    /**
     * Describes the constraint as a phrase, e.g. {@code in [1, 256]}; empty for no constraint.
     *
     * @return the phrase
     */
    String describe();

    /**
     * Returns a validator that accepts every value.
     *
     * @param <T> the value type
     * @return the validator, with an empty description
     */
    static <T> Validator<T> any() {
        return of(value -> true, "");
    }

    /**
     * Returns a validator from a predicate and its description.
     *
     * @param predicate what must hold
     * @param description the phrase describing it
     * @param <T> the value type
     * @return the validator
     */
    static <T> Validator<T> of(java.util.function.Predicate<? super T> predicate, String description) {
        Objects.requireNonNull(predicate, "predicate");
        Objects.requireNonNull(description, "description");
        return new Validator<>() {
            @Override
            public boolean accepts(T value) {
                return predicate.test(value);
            }

            @Override
            public String describe() {
                return description;
            }

            @Override
            public String toString() {
                return description;
            }
        };
    }

    /**
     * Returns a validator for integers in a closed range.
     *
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the validator, described as {@code in [min, max]}
     */
    static Validator<Integer> between(int min, int max) {
        if (min > max) {
            throw new IllegalArgumentException("Empty range [" + min + ", " + max + "]");
        }
        return of(v -> v >= min && v <= max, "in [" + min + ", " + max + "]");
    }

    /**
     * Returns a validator for numbers in a closed range.
     *
     * @param min the smallest allowed value
     * @param max the largest allowed value
     * @return the validator, described as {@code in [min, max]}
     */
    static Validator<Double> between(double min, double max) {
        if (!(min <= max)) {
            throw new IllegalArgumentException("Empty range [" + min + ", " + max + "]");
        }
        return of(v -> v >= min && v <= max, "in [" + ValueType.formatNumber(min) + ", "
                + ValueType.formatNumber(max) + "]");
    }

    /**
     * Returns a validator for integers no smaller than a bound.
     *
     * @param min the smallest allowed value
     * @return the validator, described as {@code >= min}
     */
    static Validator<Integer> atLeast(int min) {
        return of(v -> v >= min, ">= " + min);
    }

    /**
     * Returns a validator for numbers strictly greater than a bound.
     *
     * @param bound the exclusive lower bound
     * @return the validator, described as {@code > bound}
     */
    static Validator<Double> greaterThan(double bound) {
        return of(v -> v > bound, "> " + ValueType.formatNumber(bound));
    }

    /**
     * Returns a validator for integers from a fixed set.
     *
     * @param allowed the allowed values, in the order the description lists them
     * @return the validator, described as {@code in {1, 3}}
     */
    static Validator<Integer> oneOf(int... allowed) {
        Set<Integer> set = Arrays.stream(allowed).boxed().collect(Collectors.toUnmodifiableSet());
        String text = Arrays.stream(allowed).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        return of(set::contains, "in {" + text + "}");
    }

    /**
     * Returns a validator for lists whose every element satisfies another validator.
     *
     * @param element the validator of one element
     * @param <E> the element type
     * @return the validator, described as {@code with each element <element>}
     */
    static <E> Validator<List<E>> each(Validator<? super E> element) {
        return of(list -> list.stream().allMatch(element::accepts), "with each element " + element.describe());
    }

    /**
     * Returns a validator for lists of integers that ascend by exactly one, like {@code 1,2,3}.
     *
     * @return the validator, described as {@code consecutive and ascending}
     */
    static Validator<List<Integer>> consecutiveAscending() {
        return of(list -> {
            for (int i = 1; i < list.size(); i++) {
                if (list.get(i) != list.get(i - 1) + 1) {
                    return false;
                }
            }
            return true;
        }, "consecutive and ascending");
    }

    /**
     * Returns a validator that requires this one and another.
     *
     * @param other the second constraint
     * @return the conjunction, described as both phrases joined by a comma
     */
    default Validator<T> and(Validator<? super T> other) {
        Validator<T> self = this;
        String text = self.describe().isEmpty() ? other.describe()
                : other.describe().isEmpty() ? self.describe() : self.describe() + ", " + other.describe();
        return of(v -> self.accepts(v) && other.accepts(v), text);
    }
}
