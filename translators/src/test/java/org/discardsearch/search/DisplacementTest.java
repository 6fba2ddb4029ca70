package org.discardsearch.search;

import static org.discardsearch.search.SearchFixtures.THREE_STRIDE_2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.discardsearch.error.ErrorCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DisplacementTest {

    @ParameterizedTest(name = "({0},{1},{2}) -> dx={3}, dy={4}")
    @CsvSource({
        "-1, -1, -1, 0, 0",
        "0, 0, 0, 0, 0",
        "1, -1, -1, 1, 0",
        "2, -1, -1, 0, 1",
        "3, -1, -1, 1, 1",
        "0, 1, -1, 2, 0",
        "0, 0, 2, 0, 4",
        "1, 2, 3, 5, 6",
        "3, 3, 3, 7, 7",
    })
    void weightsEachLayerByTheProductOfTheStridesBeforeIt(int s0, int s1, int s2, int dx, int dy) {
        Displacement displacement = Displacement.of(State.of(s0, s1, s2), THREE_STRIDE_2);
        assertEquals(new Displacement(dx, dy), displacement);
        assertEquals(dx + dy, displacement.sum());
    }

    @Test
    void handlesMixedStrides() {
        // Layer 0 (R=3), phase 5: dx = 2, dy = 1. Layer 1 (R=2), phase 3: dx, dy += 1·3.
        assertEquals(new Displacement(5, 4), Displacement.of(State.of(5, 3), List.of(3, 2)));
    }

    @Test
    void rejectsAPhaseBeyondTheLayersStride() {
        SearchException error = assertThrows(SearchException.class,
                () -> Displacement.of(State.of(4, -1, -1), THREE_STRIDE_2));
        assertTrue(error.getMessage().contains("phase = '4'"), error.getMessage());
        assertTrue(error.getMessage().contains("-1..3"), error.getMessage());
    }

    @Test
    void rejectsAStateOfTheWrongLength() {
        SearchException error = assertThrows(SearchException.class,
                () -> Displacement.of(State.of(0, 0), THREE_STRIDE_2));
        assertTrue(error.getMessage().contains("[0, 0]"), error.getMessage());
    }

    @Test
    void rejectsAStrideBelowTwo() {
        SearchException error = assertThrows(SearchException.class,
                () -> Displacement.of(State.of(0, 0), List.of(2, 1)));
        assertTrue(error.getMessage().contains("stride = '1'"), error.getMessage());
        assertEquals(ErrorCategory.BAD_CONFIG, error.category());
    }
}
