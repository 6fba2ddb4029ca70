package org.discardsearch.ab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.discardsearch.djl.DiscardSearchTranslatorFactory;
import org.discardsearch.djl.DiscardServingTranslator;
import org.discardsearch.stats.Arm;
import org.junit.jupiter.api.Test;

class ArmRequestTest {

    private static Map<String, String> client() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "image/png");
        headers.put("X-Discard-Search-Budget", "12");
        headers.put("X-Discard-Search-Arm", "search");
        headers.put("x-discard-search-shadow", "false");
        headers.put("X-Request-Id", "r1");
        return headers;
    }

    @Test
    void vanillaAsksForBudgetOneWhateverTheClientAsked() {
        assertEquals(Map.of("Content-Type", "image/png", "X-Request-Id", "r1", "x-discard-search-budget", "1"),
                ArmRequest.properties(Arm.VANILLA, client()));
    }

    @Test
    void searchKeepsTheClientsBudgetAndDropsOnlyRoutingHeaders() {
        assertEquals(Map.of("Content-Type", "image/png", "X-Request-Id", "r1", "X-Discard-Search-Budget", "12"),
                ArmRequest.properties(Arm.SEARCH, client()));
        assertEquals(Map.of(), ArmRequest.properties(Arm.SEARCH, Map.of()));
    }

    @Test
    void namesAgreeWithTheTranslatorsThisPackageCannotImport() {
        assertEquals(DiscardServingTranslator.BUDGET_PROPERTY, AbHeaders.BUDGET);
        assertEquals(DiscardSearchTranslatorFactory.class.getName(), ServedModels.TRANSLATOR_FACTORY);
    }
}
