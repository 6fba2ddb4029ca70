package org.discardsearch.ab;

import java.util.Locale;
import java.util.Objects;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.discardsearch.stats.Arm;
import org.discardsearch.stats.ArmAssignment;

/**
 * Decides where an A/B request goes, from its headers and the model's split. Shadow mode runs both arms; a
 * forced arm wins over the split; otherwise the id's stable hash decides ({@link ArmAssignment}), so a client
 * that repeats an id always gets the same arm. Immutable and thread-safe.
 *
 * @param assignment the model's split
 */
public record ArmRouter(ArmAssignment assignment) {

    /**
     * Validates the component.
     *
     * @throws NullPointerException if the assignment is null
     */
    public ArmRouter {
        Objects.requireNonNull(assignment, "assignment");
    }

    /**
     * Routes one request.
     *
     * @param requestId the {@value AbHeaders#REQUEST_ID} header, or null when absent (an id is then generated)
     * @param forcedArm the {@value AbHeaders#ARM} header, or null when absent
     * @param shadow the {@value AbHeaders#SHADOW} header (or query parameter), or null when absent
     * @return the decision
     * @throws DiscardSearchException of category BAD_INPUT for a malformed id, an unknown arm, a flag that is
     *     neither {@code true} nor {@code false}, or a forced arm in shadow mode; the message names the header
     */
    public RoutingDecision route(String requestId, String forcedArm, String shadow) {
        String id = RequestIds.orGenerate(requestId, AbHeaders.REQUEST_ID);
        boolean both = parseFlag(shadow, AbHeaders.SHADOW);
        boolean forced = forcedArm != null && !forcedArm.isBlank();
        if (both && forced) {
            throw new DiscardSearchException(ErrorCategory.BAD_INPUT, "Invalid combination: " + AbHeaders.ARM
                    + " = '" + RequestIds.shorten(forcedArm) + "' with " + AbHeaders.SHADOW
                    + " = 'true'; shadow mode runs both arms, so send one or the other");
        }
        if (both) {
            return RoutingDecision.shadow(id);
        }
        if (forced) {
            return RoutingDecision.single(id, Routing.FORCED, parseArm(forcedArm));
        }
        return RoutingDecision.single(id, Routing.SPLIT, assignment.assign(id));
    }

    /**
     * Parses a boolean flag strictly.
     *
     * @param value the text, or null or blank for false
     * @param field the header or parameter name, for the message
     * @return the flag
     * @throws DiscardSearchException of category BAD_INPUT unless the value is {@code true} or {@code false}
     *     (any case)
     */
    static boolean parseFlag(String value, String field) {
        if (value == null || value.isBlank()) {
            return false;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return v.equals("true");
        }
        throw new DiscardSearchException(ErrorCategory.BAD_INPUT, "Invalid value '" + RequestIds.shorten(value)
                + "' for " + field + "; allowed: true, false");
    }

    private static Arm parseArm(String value) {
        try {
            return Arm.fromLabel(value.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DiscardSearchException(ErrorCategory.BAD_INPUT, "Invalid value '"
                    + RequestIds.shorten(value) + "' for " + AbHeaders.ARM + "; allowed: vanilla, search", e);
        }
    }
}
