package org.discardsearch.archives.torchvision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.cv.Image;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.discardsearch.image.ImageDecoder;
import org.discardsearch.image.Preprocessing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The archives' ImageNet preprocessing (shorter side 256, centre crop 224) gives torchvision's
 * {@code CenterCrop(224)(Resize(256)(pil_image))} on real photos, saved by the fixture script. Compared before the
 * mean and std, in 8-bit levels: torchvision's PIL output is rounded to whole levels and ours is not, so up to
 * half a level of the difference is that rounding alone. The JPEG embeds an ICC profile, which PIL ignores and so
 * must we (see {@code ImageDecoder}).
 */
class ImageNetPreprocessingTest {

    private NDManager manager;

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager("PyTorch");
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // photo,      max levels, mean levels
        "chelsea.png,  1.0,        0.35",
        "coffee.png,   1.0,        0.35",
        "rocket.jpg,   1.0,        0.35",
    })
    void resizeAndCentreCropMatchTorchvisionOnRealPhotos(String photo, double maxLevels, double meanLevels)
            throws IOException {
        ImageDecoder decoder = ImageDecoder.builder().build();
        Preprocessing imageNet = Preprocessing.builder().setSize(224).optResize(256).optChannels(3).build();
        Path directory = TorchvisionFixtures.DIRECTORY;
        Image image = decoder.decode(Files.readAllBytes(directory.resolve(photo)));
        NDArray ours = imageNet.toTensor(image, manager).mul(255f);
        String stem = photo.substring(0, photo.lastIndexOf('.'));
        Image expectedImage = decoder.decode(Files.readAllBytes(directory.resolve(stem + ".torchvision.png")));
        NDArray expected = expectedImage.toNDArray(manager, Image.Flag.COLOR).transpose(2, 0, 1)
                .toType(ai.djl.ndarray.types.DataType.FLOAT32, false);

        assertEquals(new Shape(3, 224, 224), ours.getShape());
        NDArray difference = ours.sub(expected).abs();
        double max = difference.max().getFloat();
        double mean = difference.mean().getFloat();
        System.out.printf(Locale.ROOT, "%-12s %dx%d: max %.3f levels, mean %.3f levels from torchvision%n", photo,
                image.getWidth(), image.getHeight(), max, mean);
        assertTrue(max <= maxLevels, "max difference " + max + " levels");
        assertTrue(mean <= meanLevels, "mean difference " + mean + " levels");
    }
}
