package org.discardsearch.archives.data;

import static org.discardsearch.archives.data.IdxFixtures.gzip;
import static org.discardsearch.archives.data.IdxFixtures.idx;
import static org.discardsearch.archives.data.IdxFixtures.images;
import static org.discardsearch.archives.data.IdxFixtures.labels;
import static org.discardsearch.archives.data.IdxFixtures.pixels;
import static org.discardsearch.archives.data.IdxFixtures.write;
import static org.discardsearch.archives.data.IdxFixtures.writeDataset;
import static org.discardsearch.archives.data.MessageAssertions.assertContains;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.discardsearch.error.ErrorCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading from fixture folders; the real dataset is checked in {@link FashionMnistRealDataTest}. */
class FashionMnistTest {

    @TempDir
    Path dir;

    @Test
    void loadsAFolderOfTheSameFormat() throws IOException {
        writeDataset(dir, 12, 3);

        FashionMnist data = FashionMnist.load(dir);

        assertEquals(12, data.train().size());
        assertEquals(3, data.test().size());
        assertArrayEquals(IdxFixtures.cyclicLabels(12), data.train().labels());
        assertArrayEquals(Arrays.copyOfRange(pixels(3), 784, 2 * 784), data.test().image(1));
        assertEquals(dir, data.directory());
    }

    @Test
    void recordsProvenanceOfTheFourFilesInOrder() throws IOException {
        writeDataset(dir, 2, 1);

        List<FileProvenance> provenance = FashionMnist.load(dir).provenance();

        assertEquals(FashionMnist.FILE_NAMES.stream().map(dir::resolve).toList(),
                provenance.stream().map(FileProvenance::file).toList());
    }

    @Test
    void missingFolderNamesThePathThePackageAndTheOption() {
        Path absent = dir.resolve("no-such-folder");

        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class, () -> FashionMnist.load(absent));

        assertContains(e, "directory '" + absent + "' does not exist", "dataset-fashion-mnist",
                "apt-get install dataset-fashion-mnist", "/usr/share/datasets/fashion-mnist", "--data DIR");
        for (String name : FashionMnist.FILE_NAMES) {
            assertContains(e, name);
        }
        assertEquals(ErrorCategory.BAD_CONFIG, e.category());
        assertEquals(absent, e.directory());
        assertEquals(FashionMnist.FILE_NAMES, e.missingFiles());
    }

    @Test
    void fileInsteadOfFolderIsNotFound() throws IOException {
        Path file = write(dir, "a-file", new byte[0]);

        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class, () -> FashionMnist.load(file));

        assertContains(e, "directory '" + file + "' is not a directory", "dataset-fashion-mnist");
    }

    @Test
    void missingFileIsNamedWithTheFolder() throws IOException {
        writeDataset(dir, 2, 1);
        Files.delete(dir.resolve(FashionMnist.TEST_LABELS_FILE));

        DatasetNotFoundException e = assertThrows(DatasetNotFoundException.class, () -> FashionMnist.load(dir));

        assertContains(e, "missing t10k-labels-idx1-ubyte.gz in directory '" + dir + "'",
                "apt-get install dataset-fashion-mnist", "--data DIR");
        assertEquals(List.of(FashionMnist.TEST_LABELS_FILE), e.missingFiles());
    }

    @Test
    void rejectsImagesAndLabelsCountMismatchNamingBothCounts() throws IOException {
        writeDataset(dir, 4, 2);
        write(dir, FashionMnist.TRAIN_LABELS_FILE, gzip(labels(1, 2, 3)));

        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FashionMnist.load(dir));

        Path images = dir.resolve(FashionMnist.TRAIN_IMAGES_FILE);
        Path labels = dir.resolve(FashionMnist.TRAIN_LABELS_FILE);
        assertContains(e, images + " holds 4 images", labels + " holds 3 labels", "expected one label per image");
        assertEquals(List.of(images, labels), e.files());
    }

    @Test
    void rejectsLabelTenNamingFileIndexAndRange() throws IOException {
        writeDataset(dir, 4, 3);
        write(dir, FashionMnist.TEST_LABELS_FILE, gzip(labels(0, 9, 10)));

        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FashionMnist.load(dir));

        assertContains(e, dir.resolve(FashionMnist.TEST_LABELS_FILE).toString(), "label = 10 at index 2",
                "expected 0..9");
    }

    @Test
    void rejectsImagesOfAnotherSize() throws IOException {
        writeDataset(dir, 2, 1);
        write(dir, FashionMnist.TEST_IMAGES_FILE, gzip(idx(IdxReader.IMAGES_MAGIC, new int[] {1, 32, 32},
                new byte[32 * 32])));

        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FashionMnist.load(dir));

        assertContains(e, dir.resolve(FashionMnist.TEST_IMAGES_FILE).toString(), "rows x columns = 32 x 32",
                "expected 28 x 28");
    }

    @Test
    void corruptFileInTheFolderIsReportedByName() throws IOException {
        writeDataset(dir, 2, 1);
        write(dir, FashionMnist.TRAIN_IMAGES_FILE, IdxFixtures.truncate(images(2), 100));

        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> FashionMnist.load(dir));

        assertContains(e, "Truncated IDX file " + dir.resolve(FashionMnist.TRAIN_IMAGES_FILE));
    }

    @Test
    void classNamesAreTheTenFashionMnistClassesInLabelOrder() {
        assertEquals(List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
                "Bag", "Ankle boot"), FashionMnist.CLASS_NAMES);
        assertEquals(LabelledImages.CLASSES, FashionMnist.CLASS_NAMES.size());
    }
}
