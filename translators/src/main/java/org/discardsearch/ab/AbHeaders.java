package org.discardsearch.ab;

/**
 * The request headers of an A/B request, in lower case (HTTP header names are case-insensitive). They are
 * public API: clients spell them.
 */
public final class AbHeaders {

    /** The id that decides a request's arm and that feedback refers to; generated when absent. */
    public static final String REQUEST_ID = "x-request-id";

    /** Forces an arm: {@code vanilla} or {@code search}. */
    public static final String ARM = "x-discard-search-arm";

    /** {@code true} runs both arms on the request and returns both answers (shadow mode). */
    public static final String SHADOW = "x-discard-search-shadow";

    /**
     * The budget header the model's own translator reads; the vanilla arm sends {@code 1}. Equal to
     * {@code DiscardServingTranslator.BUDGET_PROPERTY}, which this package cannot import.
     */
    public static final String BUDGET = "x-discard-search-budget";

    private AbHeaders() {
    }
}
