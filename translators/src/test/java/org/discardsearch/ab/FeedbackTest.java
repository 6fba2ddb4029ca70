package org.discardsearch.ab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeedbackTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsAJsonBody() {
        Feedback expected = new Feedback("r-1", 3);
        assertEquals(expected, Feedback.parse(bytes("{\"id\": \"r-1\", \"label\": 3}"), null, null, null));
        assertEquals(expected, Feedback.parse(bytes("{\"id\": \"r-1\", \"label\": \"3\"}"), "x", "9", null));
    }

    @Test
    void readsQueryParametersAndFallsBackToTheHeaderForTheId() {
        assertEquals(new Feedback("q", 0), Feedback.parse(new byte[0], "q", "0", "h"));
        assertEquals(new Feedback("h", 7), Feedback.parse(new byte[0], null, "7", "h"));
        assertEquals(new Feedback("h", 7), Feedback.parse(bytes("{\"label\": 7}"), null, null, "h"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"id\": \"r\", \"label\": -1} | label",
        "{\"id\": \"r\", \"label\": 2.5} | label",
        "{\"id\": \"r\", \"label\": \"cat\"} | label",
        "{\"id\": \"r\", \"label\": 99999999999} | label",
        "{\"id\": \"r\", \"label\": [1]} | label",
        "{\"id\": \"r\"} | Missing label",
        "{\"label\": 1} | Missing request id",
        "{\"id\": \"a b\", \"label\": 1} | Invalid request id",
        "[1, 2] | expected a JSON object",
        "{oops | expected a JSON object",
    })
    void malformedFeedbackIsBadInputNamingTheField(String body, String named) {
        DiscardSearchException e = assertThrows(DiscardSearchException.class,
                () -> Feedback.parse(bytes(body), null, null, null));
        assertEquals(ErrorCategory.BAD_INPUT, e.category());
        assertTrue(e.getMessage().contains(named), e.getMessage());
    }

    @Test
    void aLabelMustBeAClassOfTheModel() {
        Feedback feedback = new Feedback("r", 10);
        assertEquals(feedback, feedback.requireLabelBelow(OptionalInt.empty()));
        assertEquals(feedback, feedback.requireLabelBelow(OptionalInt.of(11)));
        DiscardSearchException e = assertThrows(DiscardSearchException.class,
                () -> feedback.requireLabelBelow(OptionalInt.of(10)));
        assertTrue(e.getMessage().contains("'10'") && e.getMessage().contains("[0, 9]"), e.getMessage());
    }
}
