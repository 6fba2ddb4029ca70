package org.discardsearch.archives.data;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks that an error message says what it must, one fragment at a time so a failure names the fragment. */
final class MessageAssertions {

    private MessageAssertions() {}

    static void assertContains(Exception e, String... fragments) {
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment),
                    () -> "expected '" + fragment + "' in: " + e.getMessage());
        }
    }
}
