package org.discardsearch.archives.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fashion-MNIST as read from its four gzipped IDX files: 60,000 train and 10,000 test images of 28x28 grey
 * pixels, in 10 balanced classes.
 *
 * <p>The files come from Debian's package {@value #DEBIAN_PACKAGE}, which installs them in
 * {@link #DEFAULT_DIRECTORY}; a tool's {@code --data DIR} option names another folder. Besides the checks of
 * {@link IdxReader}, loading checks that images are 28x28, that each images file has as many labels as images,
 * and that every label is a class index 0..9. The counts themselves are not fixed, so that small folders of the
 * same format load too; {@link DatasetSplit} needs at least 500 train images per class.
 *
 * <p>Immutable and thread-safe once loaded.
 */
public final class FashionMnist {

    /** Where Debian's package {@value #DEBIAN_PACKAGE} installs the files. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/usr/share/datasets/fashion-mnist");

    /** The Debian package that installs the files: {@code apt-get install dataset-fashion-mnist}. */
    public static final String DEBIAN_PACKAGE = "dataset-fashion-mnist";

    /** File of the 60,000 train images. */
    public static final String TRAIN_IMAGES_FILE = "train-images-idx3-ubyte.gz";

    /** File of the 60,000 train labels. */
    public static final String TRAIN_LABELS_FILE = "train-labels-idx1-ubyte.gz";

    /** File of the 10,000 test images. */
    public static final String TEST_IMAGES_FILE = "t10k-images-idx3-ubyte.gz";

    /** File of the 10,000 test labels. */
    public static final String TEST_LABELS_FILE = "t10k-labels-idx1-ubyte.gz";

    /** The four files, in the order {@link #provenance()} lists them. */
    public static final List<String> FILE_NAMES =
            List.of(TRAIN_IMAGES_FILE, TRAIN_LABELS_FILE, TEST_IMAGES_FILE, TEST_LABELS_FILE);

    /** Class names by label, the lines of an archive's {@code synset.txt}. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final Logger logger = LoggerFactory.getLogger(FashionMnist.class);

    private final Path directory;
    private final LabelledImages train;
    private final LabelledImages test;
    private final List<FileProvenance> provenance;

    private FashionMnist(Path directory, LabelledImages train, LabelledImages test,
            List<FileProvenance> provenance) {
        this.directory = directory;
        this.train = train;
        this.test = test;
        this.provenance = List.copyOf(provenance);
    }

    /**
     * Loads the dataset from {@link #DEFAULT_DIRECTORY}, where the Debian package installs it.
     *
     * @return the train and test sets with the provenance of the four files
     * @throws DatasetNotFoundException if the folder or a file is missing
     * @throws DatasetFormatException if a file's content is wrong
     * @throws IOException if a file exists but cannot be read
     */
    public static FashionMnist load() throws IOException {
        return load(DEFAULT_DIRECTORY);
    }

    /**
     * Loads the dataset from a folder holding the four files named in {@link #FILE_NAMES}.
     *
     * @param directory the folder, for example the value of a tool's {@code --data} option
     * @return the train and test sets with the provenance of the four files
     * @throws DatasetNotFoundException if the folder or a file is missing; the message lists the files looked for,
     *     the folder, the Debian package that installs them and the {@code --data} option
     * @throws DatasetFormatException if a file's content is wrong; the message names the file and the fault
     * @throws IOException if a file exists but cannot be read
     */
    public static FashionMnist load(Path directory) throws IOException {
        Objects.requireNonNull(directory, "directory");
        checkPresent(directory);
        List<FileProvenance> provenance = new ArrayList<>();
        LabelledImages train = loadPart(directory.resolve(TRAIN_IMAGES_FILE),
                directory.resolve(TRAIN_LABELS_FILE), provenance);
        LabelledImages test = loadPart(directory.resolve(TEST_IMAGES_FILE),
                directory.resolve(TEST_LABELS_FILE), provenance);
        logger.info("Loaded Fashion-MNIST from {}: {} train and {} test images", directory, train.size(),
                test.size());
        return new FashionMnist(directory, train, test, provenance);
    }

    private static void checkPresent(Path directory) {
        String expected = "expected the files " + String.join(", ", FILE_NAMES) + " there, as installed in "
                + DEFAULT_DIRECTORY + " by the Debian package " + DEBIAN_PACKAGE + " (apt-get install "
                + DEBIAN_PACKAGE + "); use --data DIR to point at another folder that holds them";
        if (!Files.isDirectory(directory)) {
            String what = Files.exists(directory) ? "is not a directory" : "does not exist";
            throw new DatasetNotFoundException("Fashion-MNIST not found: directory '" + directory + "' " + what
                    + "; " + expected, directory, FILE_NAMES);
        }
        List<String> missing = FILE_NAMES.stream().filter(name -> !Files.exists(directory.resolve(name))).toList();
        if (!missing.isEmpty()) {
            throw new DatasetNotFoundException("Fashion-MNIST not found: missing " + String.join(", ", missing)
                    + " in directory '" + directory + "'; " + expected, directory, missing);
        }
    }

    private static LabelledImages loadPart(Path imagesFile, Path labelsFile, List<FileProvenance> provenance)
            throws IOException {
        IdxArray images = IdxReader.readImages(imagesFile);
        IdxArray labels = IdxReader.readLabels(labelsFile);
        provenance.add(images.provenance());
        provenance.add(labels.provenance());
        if (images.dimension(1) != LabelledImages.ROWS || images.dimension(2) != LabelledImages.COLUMNS) {
            throw new DatasetFormatException(String.format("Wrong image size in %s: rows x columns = %d x %d;"
                    + " expected %d x %d", imagesFile, images.dimension(1), images.dimension(2),
                    LabelledImages.ROWS, LabelledImages.COLUMNS), List.of(imagesFile));
        }
        if (images.dimension(0) != labels.dimension(0)) {
            throw new DatasetFormatException(String.format("Images and labels disagree: %s holds %d images but %s"
                    + " holds %d labels; expected one label per image", imagesFile, images.dimension(0), labelsFile,
                    labels.dimension(0)), List.of(imagesFile, labelsFile));
        }
        byte[] labelBytes = labels.dataView();
        int[] classes = new int[labelBytes.length];
        for (int i = 0; i < labelBytes.length; i++) {
            classes[i] = labelBytes[i] & 0xFF;
            if (classes[i] >= LabelledImages.CLASSES) {
                throw new DatasetFormatException(String.format("Invalid label in %s: label = %d at index %d;"
                        + " expected 0..%d (the %d Fashion-MNIST classes)", labelsFile, classes[i], i,
                        LabelledImages.CLASSES - 1, LabelledImages.CLASSES), List.of(labelsFile));
            }
        }
        // The IdxArray is dropped after this, so its pixel array can be handed over without a copy.
        return new LabelledImages(images.dataView(), classes);
    }

    /**
     * Returns the folder the files were read from.
     *
     * @return the folder, as given to {@link #load(Path)}
     */
    public Path directory() {
        return directory;
    }

    /**
     * Returns the train set, in file order: 60,000 images for the real dataset, before any split.
     *
     * @return the train set
     */
    public LabelledImages train() {
        return train;
    }

    /**
     * Returns the test set, in file order: 10,000 images for the real dataset.
     *
     * @return the test set
     */
    public LabelledImages test() {
        return test;
    }

    /**
     * Returns the provenance of the four files, in the order of {@link #FILE_NAMES}.
     *
     * @return an immutable list of four entries, each with the file's SHA-256
     */
    public List<FileProvenance> provenance() {
        return provenance;
    }
}
