package org.discardsearch.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.EOFException;
import org.discardsearch.error.ErrorCategory;
import org.junit.jupiter.api.Test;

class InputRejectedExceptionTest {

    private static InputRejectedException emptyInput() {
        return new InputRejectedException(RejectReason.EMPTY, "0 bytes", "PNG or JPEG");
    }

    @Test
    void messageSaysWhatWasFoundAndWhatIsExpected() {
        assertEquals("Image rejected: 0 bytes; expected PNG or JPEG", emptyInput().getMessage());
    }

    @Test
    void categoryIsBadInput() {
        assertEquals(ErrorCategory.BAD_INPUT, emptyInput().category());
    }

    @Test
    void withContextPutsTheContextInFrontOfTheMessage() {
        InputRejectedException withContext = emptyInput().withContext("record images-3@1042");

        assertEquals(
                "record images-3@1042: Image rejected: 0 bytes; expected PNG or JPEG",
                withContext.getMessage());
        assertEquals("record images-3@1042", withContext.context());
        assertEquals("Image rejected: 0 bytes; expected PNG or JPEG", withContext.detail());
    }

    @Test
    void withContextKeepsReasonCategoryCauseAndStackTrace() {
        EOFException cause = new EOFException("Unexpected end of ZLIB input stream");
        InputRejectedException original =
                new InputRejectedException(RejectReason.CORRUPT, "corrupt PNG", "a PNG", cause);

        InputRejectedException withContext = original.withContext("request 7f3a");

        assertEquals(RejectReason.CORRUPT, withContext.reason());
        assertEquals(ErrorCategory.BAD_INPUT, withContext.category());
        assertSame(cause, withContext.getCause());
        assertArrayEquals(original.getStackTrace(), withContext.getStackTrace());
    }

    @Test
    void withContextLeavesTheOriginalUnchanged() {
        InputRejectedException original = emptyInput();

        original.withContext("request 7f3a");

        assertEquals("Image rejected: 0 bytes; expected PNG or JPEG", original.getMessage());
        assertEquals("", original.context());
    }

    @Test
    void contextAddedLaterGoesInFront() {
        InputRejectedException twice =
                emptyInput().withContext("record images-3@1042").withContext("consumer c1");

        assertEquals(
                "consumer c1: record images-3@1042: Image rejected: 0 bytes; expected PNG or JPEG",
                twice.getMessage());
    }

    @Test
    void blankContextReturnsTheSameException() {
        InputRejectedException original = emptyInput();

        assertSame(original, original.withContext("  "));
    }
}
