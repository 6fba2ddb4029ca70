package org.discardsearch.ab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelAnswerTest {

    private static final String ANSWER = "{\"predictions\":[{\"class\":\"Bag\",\"index\":8,\"probability\":0.91},"
            + "{\"class\":\"Shirt\",\"index\":6,\"probability\":0.05}],\"budget\":16,\"states\":16,"
            + "\"networkCalls\":5,\"earlyExit\":false}";

    @Test
    void readsTheTopClassAndKeepsTheAnswerVerbatim() {
        ModelAnswer answer = ModelAnswer.parse(ANSWER.getBytes(StandardCharsets.UTF_8));
        assertEquals(8, answer.predictedClass());
        assertEquals(ANSWER, answer.json());
        assertEquals("16", answer.tree().getAsJsonObject().get("budget").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[]", "{}", "{\"predictions\":[]}", "{\"predictions\":[{\"index\":-1}]}",
        "{\"predictions\":[{\"index\":1.5}]}", "{\"predictions\":[{\"index\":\"3\"}]}", "{\"predictions\":{}}"})
    void anythingElseIsAnInternalErrorThatQuotesIt(String body) {
        DiscardSearchException e = assertThrows(DiscardSearchException.class,
                () -> ModelAnswer.parse(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorCategory.INTERNAL, e.category());
        assertTrue(e.getMessage().contains("predictions[0].index"), e.getMessage());
    }
}
