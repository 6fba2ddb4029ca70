package org.discardsearch.archives.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    private final LearningRateSchedule schedule = new LearningRateSchedule(0.1f, 10, 110);

    @Test
    void warmUpRisesLinearlyToThePeak() {
        assertEquals(0.01f, schedule.rate(0), 1e-7f);
        assertEquals(0.05f, schedule.rate(4), 1e-7f);
        assertEquals(0.1f, schedule.rate(9), 1e-7f);
    }

    @Test
    void cosineStartsAtThePeakAndHalvesHalfway() {
        assertEquals(0.1f, schedule.rate(10), 1e-7f);
        assertEquals(0.05f, schedule.rate(60), 1e-7f);
    }

    @Test
    void lastStepIsSmallButPositive() {
        float last = schedule.rate(109);

        assertTrue(last > 0f && last < 1e-4f, "last rate " + last);
    }

    @Test
    void noWarmUpStartsAtThePeak() {
        assertEquals(0.1f, new LearningRateSchedule(0.1f, 0, 5).rate(0), 1e-7f);
    }

    @Test
    void rejectsAWarmUpAsLongAsTheRun() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(0.1f, 5, 5));

        assertEquals("Invalid value '5' for totalSteps; allowed: more than warmupSteps = 5", e.getMessage());
    }

    @Test
    void rejectsAStepOutsideTheRun() {
        assertThrows(IndexOutOfBoundsException.class, () -> schedule.rate(110));
    }
}
