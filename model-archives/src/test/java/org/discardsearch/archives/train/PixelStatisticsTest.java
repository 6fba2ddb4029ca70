package org.discardsearch.archives.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.discardsearch.archives.data.DatasetSplit;
import org.discardsearch.archives.data.RealFashionMnist;
import org.discardsearch.archives.data.LabelledImages;
import org.junit.jupiter.api.Test;

class PixelStatisticsTest {

    @Test
    void halfBlackHalfWhiteHasMeanAndStdOneHalf() {
        byte[] pixels = new byte[2 * LabelledImages.PIXELS];
        java.util.Arrays.fill(pixels, LabelledImages.PIXELS, pixels.length, (byte) 255);

        PixelStatistics statistics = PixelStatistics.of(LabelledImages.of(pixels, new int[] {0, 1}));

        assertEquals(new PixelStatistics(0.5f, 0.5f), statistics);
    }

    @Test
    void projectTrainPartGivesTheDocumentedValues() {
        PixelStatistics statistics = PixelStatistics.of(DatasetSplit.of(RealFashionMnist.get()).train());

        assertEquals(new PixelStatistics(0.2858f, 0.353f), statistics);
    }

    @Test
    void rejectsAnEmptySet() {
        assertThrows(IllegalArgumentException.class,
                () -> PixelStatistics.of(LabelledImages.of(new byte[0], new int[0])));
    }
}
