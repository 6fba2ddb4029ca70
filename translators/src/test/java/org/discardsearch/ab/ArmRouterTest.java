package org.discardsearch.ab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.discardsearch.stats.Arm;
import org.discardsearch.stats.ArmAssignment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArmRouterTest {

    private static ArmRouter router(double searchFraction) {
        return new ArmRouter(new ArmAssignment(searchFraction));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 0.5, 0.9})
    void splitFollowsTheFractionOverManyIds(double fraction) {
        int n = 20_000;
        long search = IntStream.range(0, n)
                .filter(i -> router(fraction).route("req-" + i, null, null).arms().equals(List.of(Arm.SEARCH)))
                .count();
        // The binomial standard deviation is at most sqrt(0.25 / n) = 0.0035; 0.015 is over 4 of them.
        assertEquals(fraction, (double) search / n, 0.015);
    }

    @Test
    void theSameIdAlwaysGetsTheSameArm() {
        for (int i = 0; i < 200; i++) {
            String id = "order-" + i;
            RoutingDecision first = router(0.5).route(id, null, null);
            RoutingDecision again = router(0.5).route(id, null, "false");
            assertEquals(first, again);
            assertEquals(Routing.SPLIT, first.routing());
            assertEquals(new ArmAssignment(0.5).assign(id), first.arms().get(0));
        }
    }

    @Test
    void extremeFractionsSendEverythingToOneArm() {
        assertEquals(List.of(Arm.VANILLA), router(0).route("a", null, null).arms());
        assertEquals(List.of(Arm.SEARCH), router(1).route("a", null, null).arms());
    }

    @Test
    void aForcedArmWinsOverTheSplit() {
        RoutingDecision vanilla = router(1).route("a", " Vanilla ", null);
        assertEquals(Routing.FORCED, vanilla.routing());
        assertEquals(List.of(Arm.VANILLA), vanilla.arms());
        assertEquals(List.of(Arm.SEARCH), router(0).route("a", "search", "").arms());
    }

    @Test
    void shadowModeRunsBothArmsVanillaFirst() {
        RoutingDecision shadow = router(0.5).route("a", null, "TRUE");
        assertEquals(Routing.SHADOW, shadow.routing());
        assertEquals(List.of(Arm.VANILLA, Arm.SEARCH), shadow.arms());
    }

    @Test
    void aMissingIdIsGeneratedAndValid() {
        RoutingDecision one = router(0.5).route(null, null, null);
        RoutingDecision two = router(0.5).route("  ", null, null);
        assertEquals(one.id(), RequestIds.requireValid(one.id(), "id"));
        assertNotEquals(one.id(), two.id());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "has space | | | x-request-id",
        "é | | | x-request-id",
        "ok | both | | x-discard-search-arm",
        "ok | | yes | x-discard-search-shadow",
        "ok | search | true | shadow mode runs both arms",
    })
    void malformedHeadersAreBadInputNamingTheHeader(String id, String arm, String shadow, String named) {
        DiscardSearchException e = assertThrows(DiscardSearchException.class, () -> router(0.5).route(id, arm, shadow));
        assertEquals(ErrorCategory.BAD_INPUT, e.category());
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    @Test
    void anOverlongIdIsRejectedAndNotEchoedWhole() {
        String id = "x".repeat(RequestIds.MAX_LENGTH + 1);
        DiscardSearchException e = assertThrows(DiscardSearchException.class, () -> router(0.5).route(id, null, null));
        assertTrue(e.getMessage().contains("1 to 128"), e.getMessage());
        assertTrue(e.getMessage().length() < 200, e.getMessage());
        assertEquals(id.substring(0, RequestIds.MAX_LENGTH), RequestIds.requireValid(id.substring(1), "id"));
    }
}
