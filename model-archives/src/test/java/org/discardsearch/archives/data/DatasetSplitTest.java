package org.discardsearch.archives.data;

import static org.discardsearch.archives.data.MessageAssertions.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.junit.jupiter.api.Test;

class DatasetSplitTest {

    private final FashionMnist data = RealFashionMnist.get();
    private final DatasetSplit split = DatasetSplit.of(data);

    @Test
    void sizesAreExact() {
        assertEquals(55_000, split.train().size());
        assertEquals(5_000, split.calibration().size());
        assertEquals(10_000, split.test().size());
        assertEquals(DatasetSplit.DEFAULT_SEED, split.seed());
    }

    @Test
    void calibrationIsStratifiedAtFiveHundredPerClass() {
        int[] fiveHundred = new int[LabelledImages.CLASSES];
        Arrays.fill(fiveHundred, 500);
        int[] fiftyFiveHundred = new int[LabelledImages.CLASSES];
        Arrays.fill(fiftyFiveHundred, 5500);

        assertArrayEquals(fiveHundred, split.calibration().classCounts());
        assertArrayEquals(fiftyFiveHundred, split.train().classCounts());
    }

    @Test
    void trainAndCalibrationAreDisjointAndCoverTheTrainFile() {
        int[] all = IntStream.concat(Arrays.stream(split.trainIndices()), Arrays.stream(split.calibrationIndices()))
                .sorted().toArray();

        assertArrayEquals(IntStream.range(0, 60_000).toArray(), all);
    }

    @Test
    void partsHoldTheImagesAtTheirIndicesInFileOrder() {
        int[] calibration = split.calibrationIndices();
        int[] train = split.trainIndices();

        assertArrayEquals(calibration, Arrays.stream(calibration).sorted().toArray());
        assertEquals(data.train().subset(calibration), split.calibration());
        assertEquals(data.train().subset(train), split.train());
    }

    @Test
    void testSetIsUntouched() {
        assertSame(data.test(), split.test());
    }

    @Test
    void isDeterministicAcrossCalls() {
        DatasetSplit again = DatasetSplit.of(data);

        assertArrayEquals(split.calibrationIndices(), again.calibrationIndices());
        assertArrayEquals(split.trainIndices(), again.trainIndices());
    }

    @Test
    void defaultSeedGivesThePinnedCalibrationSet() {
        // Pinned once from the algorithm in DatasetSplit's javadoc; a change here changes every archive's split.
        int[] calibration = split.calibrationIndices();

        assertArrayEquals(new int[] {3, 12, 15, 22, 36, 45, 51, 53}, Arrays.copyOf(calibration, 8));
        assertEquals(59_987, calibration[calibration.length - 1]);
        assertEquals(150_502_213L, Arrays.stream(calibration).asLongStream().sum());
    }

    @Test
    void anotherSeedGivesAnotherSplit() {
        DatasetSplit other = DatasetSplit.of(data, DatasetSplit.DEFAULT_SEED + 1);

        assertFalse(Arrays.equals(split.calibrationIndices(), other.calibrationIndices()));
        assertEquals(5_000, other.calibration().size());
    }

    @Test
    void smallPoolSplitsPerClassWithTheGivenCount() {
        LabelledImages pool = LabelledImages.of(IdxFixtures.pixels(40), IdxFixtures.cyclicLabels(40));

        DatasetSplit small = DatasetSplit.of(pool, pool.subset(new int[] {0}), 7L, 3);

        assertEquals(30, small.calibration().size());
        assertEquals(10, small.train().size());
        int[] three = new int[LabelledImages.CLASSES];
        Arrays.fill(three, 3);
        assertArrayEquals(three, small.calibration().classCounts());
    }

    @Test
    void rejectsClassWithTooFewImagesForCalibration() {
        LabelledImages pool = LabelledImages.of(IdxFixtures.pixels(25), IdxFixtures.cyclicLabels(25));

        DiscardSearchException e = assertThrows(DiscardSearchException.class,
                () -> DatasetSplit.of(pool, pool, DatasetSplit.DEFAULT_SEED, 3));

        assertContains(e, "class 5 (Sandal) has 2 train images", "expected at least 3");
        assertEquals(ErrorCategory.BAD_INPUT, e.category());
    }

    @Test
    void rejectsNegativeCalibrationCount() {
        LabelledImages pool = LabelledImages.of(IdxFixtures.pixels(10), IdxFixtures.cyclicLabels(10));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatasetSplit.of(pool, pool, DatasetSplit.DEFAULT_SEED, -1));

        assertContains(e, "calibrationPerClass = -1");
    }
}
