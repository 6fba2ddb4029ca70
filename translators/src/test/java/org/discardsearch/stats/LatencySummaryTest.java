package org.discardsearch.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LatencySummaryTest {

    @Test
    void nearestRankOnFourValues() {
        LatencySummary s = LatencySummary.of(4, 1, 3, 2);
        assertEquals(4, s.count());
        assertEquals(2.5, s.mean());
        assertEquals(2, s.p50());
        assertEquals(4, s.p95());
        assertEquals(4, s.p99());
        assertEquals(4, s.max());
    }

    @Test
    void nearestRankOnTwentyValues() {
        // ranks ceil(0.5 * 20) = 10, ceil(0.95 * 20) = 19, ceil(0.99 * 20) = 20.
        LatencySummary s = LatencySummary.of(IntStream.rangeClosed(1, 20).asDoubleStream().toArray());
        assertEquals(10, s.p50());
        assertEquals(19, s.p95());
        assertEquals(20, s.p99());
        assertEquals(10.5, s.mean());
    }

    @Test
    void nearestRankOnAHundredShuffledValues() {
        List<Double> values = new ArrayList<>();
        IntStream.rangeClosed(1, 100).forEach(i -> values.add((double) i));
        Collections.shuffle(values, new Random(7));
        LatencySummary s = LatencySummary.of(values.stream().mapToDouble(Double::doubleValue).toArray());
        assertEquals(50, s.p50());
        assertEquals(95, s.p95());
        assertEquals(99, s.p99());
        assertEquals(100, s.max());
    }

    @Test
    void oneValueIsEveryStatistic() {
        assertEquals(new LatencySummary(1, 7.5, 7.5, 7.5, 7.5, 7.5), LatencySummary.of(7.5));
    }

    @Test
    void equalValuesKeepTheMeanAtTheMaximum() {
        LatencySummary s = LatencySummary.of(0.1, 0.1, 0.1);
        assertTrue(s.mean() <= s.max());
    }

    @Test
    void nothingRecordedIsNaN() {
        LatencySummary s = LatencySummary.of();
        assertEquals(LatencySummary.EMPTY, s);
        assertTrue(Double.isNaN(s.p50()) && Double.isNaN(s.mean()) && Double.isNaN(s.max()));
    }

    @Test
    void doesNotReorderTheCallersArray() {
        double[] millis = {3, 1, 2};
        LatencySummary.of(millis);
        assertArrayEquals(new double[] {3, 1, 2}, millis);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1, Double.NaN, Double.POSITIVE_INFINITY})
    void rejectsAnImpossibleLatency(double millis) {
        assertThrows(IllegalArgumentException.class, () -> LatencySummary.of(1, millis));
        assertThrows(IllegalArgumentException.class, () -> new LatencyRecorder().record(millis));
    }

    @Test
    void recorderIsExactWhileWithinCapacity() {
        LatencyRecorder recorder = new LatencyRecorder(100);
        double[] millis = new Random(3).doubles(100, 0, 50).toArray();
        for (double m : millis) {
            recorder.record(m);
        }
        LatencySummary exact = LatencySummary.of(millis);
        LatencySummary recorded = recorder.summary();
        assertEquals(exact.p50(), recorded.p50());
        assertEquals(exact.p95(), recorded.p95());
        assertEquals(exact.p99(), recorded.p99());
        assertEquals(exact.max(), recorded.max());
        assertEquals(exact.mean(), recorded.mean(), 1e-12);
    }

    @Test
    void recorderBeyondCapacityKeepsExactTotalsAndCloseSampledPercentiles() {
        LatencyRecorder recorder = new LatencyRecorder(2_000);
        // 0, 1, ..., 99,999 in a shuffled order: true p50 = 49,999, p95 = 94,999.
        List<Integer> order = new ArrayList<>();
        IntStream.range(0, 100_000).forEach(order::add);
        Collections.shuffle(order, new Random(11));
        order.forEach(recorder::record);
        LatencySummary s = recorder.summary();
        assertEquals(100_000, s.count());
        assertEquals(49_999.5, s.mean(), 1e-6);
        assertEquals(99_999, s.max());
        assertEquals(49_999, s.p50(), 2_500);
        assertEquals(94_999, s.p95(), 1_500);
    }

    @Test
    void recorderIsDeterministic() {
        LatencyRecorder a = new LatencyRecorder(10);
        LatencyRecorder b = new LatencyRecorder(10);
        for (int i = 0; i < 1_000; i++) {
            a.record(i % 97);
            b.record(i % 97);
        }
        assertEquals(a.summary(), b.summary());
    }
}
