package org.discardsearch.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ArmAssignmentTest {

    @Test
    void splitsAHundredThousandIdsWithinTwoPercentOfTheFraction() {
        ArmAssignment assignment = new ArmAssignment(0.3);
        int search = 0;
        for (int i = 0; i < 100_000; i++) {
            if (assignment.assign("request-" + i) == Arm.SEARCH) {
                search++;
            }
        }
        assertEquals(0.3, search / 100_000.0, 0.02);
    }

    @ParameterizedTest(name = "{0} hashes to the first 8 bytes of its SHA-256, {1}")
    @CsvSource({
        // from `echo -n <id> | sha256sum`
        "request-1, 19f1064b619d49d3",
        "image-42, c96afbfac08281b3",
    })
    void hashIsTheFirstEightBytesOfSha256SoEveryJvmAgrees(String id, String hex) {
        double expected = (Long.parseUnsignedLong(hex, 16) >>> 11) * 0x1.0p-53;
        assertEquals(expected, ArmAssignment.unitHash(id));
    }

    @Test
    void pinnedIdsKeepTheirArms() {
        ArmAssignment assignment = new ArmAssignment(0.3);
        assertEquals(Arm.SEARCH, assignment.assign("request-1"));
        assertEquals(Arm.VANILLA, assignment.assign("image-42"));
    }

    @Test
    void raisingTheFractionOnlyMovesIdsToSearch() {
        ArmAssignment low = new ArmAssignment(0.2);
        ArmAssignment high = new ArmAssignment(0.6);
        for (int i = 0; i < 10_000; i++) {
            String id = "id-" + i;
            assertTrue(low.assign(id) == Arm.VANILLA || high.assign(id) == Arm.SEARCH, id);
        }
    }

    @Test
    void theEndsOfTheRangeSendEverythingToOneArm() {
        for (int i = 0; i < 1_000; i++) {
            assertEquals(Arm.VANILLA, new ArmAssignment(0).assign("x" + i));
            assertEquals(Arm.SEARCH, new ArmAssignment(1).assign("x" + i));
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.01, Double.NaN})
    void rejectsAFractionOutsideZeroToOne(double fraction) {
        assertThrows(IllegalArgumentException.class, () -> new ArmAssignment(fraction));
    }

    @Test
    void armsUseLowerCaseLabels() {
        assertEquals("vanilla", Arm.VANILLA.toString());
        assertEquals(Arm.SEARCH, Arm.fromLabel("search"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Arm.fromLabel("SEARCH"));
        assertTrue(e.getMessage().contains("'SEARCH'"), e.getMessage());
    }
}
