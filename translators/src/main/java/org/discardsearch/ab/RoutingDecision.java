package org.discardsearch.ab;

import java.util.List;
import java.util.Objects;
import org.discardsearch.stats.Arm;

/**
 * Where one request goes.
 *
 * @param id the request id (the client's, or generated)
 * @param routing how the arms were chosen
 * @param arms the arms that run: one, or both (vanilla first) in shadow mode
 */
public record RoutingDecision(String id, Routing routing, List<Arm> arms) {

    /**
     * Validates and copies the components.
     *
     * @throws IllegalArgumentException unless shadow mode has both arms and the other modes exactly one
     */
    public RoutingDecision {
        RequestIds.requireValid(id, "id");
        Objects.requireNonNull(routing, "routing");
        arms = List.copyOf(arms);
        boolean valid = routing == Routing.SHADOW ? arms.equals(List.of(Arm.VANILLA, Arm.SEARCH)) : arms.size() == 1;
        if (!valid) {
            throw new IllegalArgumentException("Routing " + routing.label() + " cannot run arms " + arms);
        }
    }

    /**
     * Routes to one arm.
     *
     * @param id the request id
     * @param routing {@link Routing#SPLIT} or {@link Routing#FORCED}
     * @param arm the arm
     * @return the decision
     */
    public static RoutingDecision single(String id, Routing routing, Arm arm) {
        return new RoutingDecision(id, routing, List.of(arm));
    }

    /**
     * Routes to both arms.
     *
     * @param id the request id
     * @return the shadow-mode decision
     */
    public static RoutingDecision shadow(String id) {
        return new RoutingDecision(id, Routing.SHADOW, List.of(Arm.VANILLA, Arm.SEARCH));
    }
}
