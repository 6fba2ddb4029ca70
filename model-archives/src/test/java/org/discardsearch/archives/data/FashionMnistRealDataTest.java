package org.discardsearch.archives.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The installed dataset (Debian package dataset-fashion-mnist), with checksums pinned once. */
class FashionMnistRealDataTest {

    private final FashionMnist data = RealFashionMnist.get();

    @Test
    void hasSixtyThousandTrainAndTenThousandTestImages() {
        assertEquals(60_000, data.train().size());
        assertEquals(10_000, data.test().size());
    }

    @Test
    void trainSetIsBalancedAtSixThousandPerClass() {
        int[] expected = new int[LabelledImages.CLASSES];
        Arrays.fill(expected, 6000);
        assertArrayEquals(expected, data.train().classCounts());
    }

    @Test
    void testSetIsBalancedAtOneThousandPerClass() {
        int[] expected = new int[LabelledImages.CLASSES];
        Arrays.fill(expected, 1000);
        assertArrayEquals(expected, data.test().classCounts());
    }

    @Test
    void firstTestImageIsAnAnkleBoot() {
        assertEquals(9, data.test().label(0));
        assertEquals("Ankle boot", FashionMnist.CLASS_NAMES.get(data.test().label(0)));
    }

    @Test
    void testPixelsMatchPinnedChecksum() throws Exception {
        // Computed once from the Debian package's files; any change in decoding or data shows up here.
        assertEquals("c867c93ff95360594e8ec3287995350b824dd110b11595c0e13d5423f621867a", pixelSha256(data.test()));
        assertEquals(573_469_082L, pixelSum(data.test()));
    }

    @Test
    void trainPixelsMatchPinnedChecksum() throws Exception {
        assertEquals("2e487a6c89124f78f2d7521542223cafe96f7123c3ca13d447772ac6ecbb3012", pixelSha256(data.train()));
    }

    @Test
    void provenanceHoldsTheSha256OfEachFileOnDisk() throws Exception {
        for (FileProvenance provenance : data.provenance()) {
            byte[] stored = Files.readAllBytes(provenance.file());
            assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(stored)),
                    provenance.sha256(), provenance.file().toString());
            assertEquals(stored.length, provenance.sizeBytes());
        }
    }

    private static String pixelSha256(LabelledImages images) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < images.size(); i++) {
            digest.update(images.image(i));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static long pixelSum(LabelledImages images) {
        long sum = 0;
        for (int i = 0; i < images.size(); i++) {
            for (byte pixel : images.image(i)) {
                sum += pixel & 0xFF;
            }
        }
        return sum;
    }
}
