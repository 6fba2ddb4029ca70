package org.discardsearch.ab;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.discardsearch.stats.Arm;

/**
 * What the model is asked for one arm: the client's headers, without the A/B routing headers, and for the
 * vanilla arm the budget header set to 1, which the model's translator turns into the plain forward pass
 * (bit for bit, see the translators' tests). The search arm keeps whatever budget the client asked for, or the
 * archive's default. Both arms therefore run on the one loaded model.
 */
public final class ArmRequest {

    /** The budget that makes the search the plain forward pass. */
    public static final String VANILLA_BUDGET = "1";

    private static final Set<String> ROUTING_HEADERS = Set.of(AbHeaders.ARM, AbHeaders.SHADOW);

    private ArmRequest() {
    }

    /**
     * Returns the properties (headers) to send with the image for one arm.
     *
     * @param arm the arm
     * @param clientHeaders the request's headers, any case; not modified
     * @return a new map in the client's order, routing headers removed, and for {@link Arm#VANILLA} every
     *     spelling of {@value AbHeaders#BUDGET} replaced by one entry with value {@value #VANILLA_BUDGET}
     */
    public static Map<String, String> properties(Arm arm, Map<String, String> clientHeaders) {
        Map<String, String> properties = new LinkedHashMap<>();
        clientHeaders.forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            boolean dropped = ROUTING_HEADERS.contains(lower) || arm == Arm.VANILLA && lower.equals(AbHeaders.BUDGET);
            if (!dropped) {
                properties.put(name, value);
            }
        });
        if (arm == Arm.VANILLA) {
            properties.put(AbHeaders.BUDGET, VANILLA_BUDGET);
        }
        return properties;
    }
}
