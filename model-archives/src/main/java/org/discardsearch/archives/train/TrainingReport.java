package org.discardsearch.archives.train;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.discardsearch.archives.data.FileProvenance;
import org.discardsearch.archives.data.LabelledImages;
import org.discardsearch.config.ModelKeys;

/**
 * What a training run used and measured: its settings, the normalisation it trained with, the accuracies on the
 * calibration part (after every epoch) and on the test part (read once, at the end), its time, and the SHA-256
 * of every data file.
 *
 * @param settings the run's settings
 * @param statistics the input normalisation, computed on the train images; serving must use the same
 * @param trainImages images in the train part used
 * @param calibrationImages images in the calibration part used
 * @param testImages images in the test part used
 * @param calibrationAccuracyPerEpoch top-1 accuracy on the calibration part after each epoch, in [0, 1]
 * @param testAccuracy top-1 accuracy on the test part after the last epoch, in [0, 1]
 * @param trainSeconds time spent in optimizer steps, excluding evaluation
 * @param wallSeconds time of the whole run, from loading the split to the test accuracy
 * @param engine the deep learning engine and its version, e.g. {@code PyTorch 2.7.1}
 * @param threads the engine's intra-op thread count as configured ({@code ai.djl.pytorch.num_threads}), or
 *     {@code default}
 * @param dataset provenance of the data files read
 */
public record TrainingReport(TrainingSettings settings, PixelStatistics statistics, int trainImages,
        int calibrationImages, int testImages, List<Double> calibrationAccuracyPerEpoch, double testAccuracy,
        double trainSeconds, double wallSeconds, String engine, String threads, List<FileProvenance> dataset) {

    /**
     * Validates and copies the components.
     *
     * @throws NullPointerException if a component is null
     * @throws IllegalArgumentException if there is no calibration accuracy
     */
    public TrainingReport {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(statistics, "statistics");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(threads, "threads");
        calibrationAccuracyPerEpoch = List.copyOf(calibrationAccuracyPerEpoch);
        dataset = List.copyOf(dataset);
        if (calibrationAccuracyPerEpoch.isEmpty()) {
            throw new IllegalArgumentException("Invalid training report: no calibration accuracy; expected one per"
                    + " epoch");
        }
    }

    /**
     * Returns the calibration accuracy after the last epoch.
     *
     * @return top-1 accuracy in [0, 1]
     */
    public double calibrationAccuracy() {
        return calibrationAccuracyPerEpoch.get(calibrationAccuracyPerEpoch.size() - 1);
    }

    /**
     * Returns the training throughput, train images (augmented) per second of optimizer steps.
     *
     * @return images per second
     */
    public double imagesPerSecond() {
        return (double) trainImages * settings.epochs() / trainSeconds;
    }

    /**
     * Returns the keys an archive of this model declares in {@code serving.properties}, as the core's
     * {@link ModelKeys} name and format them: architecture, classes, width and the preprocessing.
     *
     * @return an ordered map of key names to values
     */
    public Map<String, String> modelProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(ModelKeys.ARCHITECTURE.name(), ModelKeys.ARCHITECTURE.format(settings.architecture()));
        p.put(ModelKeys.CLASSES.name(), ModelKeys.CLASSES.format(LabelledImages.CLASSES));
        p.put(ModelKeys.WIDTH.name(), ModelKeys.WIDTH.format(settings.width()));
        p.put(ModelKeys.IMAGE_SIZE.name(), ModelKeys.IMAGE_SIZE.format(BackboneTrainer.INPUT_SIZE));
        p.put(ModelKeys.IMAGE_RESIZE.name(), ModelKeys.IMAGE_RESIZE.format(0));
        p.put(ModelKeys.IMAGE_CHANNELS.name(), ModelKeys.IMAGE_CHANNELS.format(1));
        p.put(ModelKeys.IMAGE_MEAN.name(), ModelKeys.IMAGE_MEAN.format(List.of(statistics.mean())));
        p.put(ModelKeys.IMAGE_STD.name(), ModelKeys.IMAGE_STD.format(List.of(statistics.std())));
        return p;
    }

    /**
     * Returns the report as ordered key-value pairs, the content of the metadata file: first
     * {@link #modelProperties()}, then the training settings, the results and the dataset's SHA-256s.
     *
     * @return an ordered map of property names to values
     */
    public Map<String, String> toProperties() {
        Map<String, String> p = new LinkedHashMap<>(modelProperties());
        p.put("seed", Integer.toString(settings.seed()));
        p.put("epochs", Integer.toString(settings.epochs()));
        p.put("batchSize", Integer.toString(settings.batchSize()));
        p.put("learningRate", Float.toString(settings.learningRate()));
        p.put("optimizer", "sgd nesterov momentum=" + settings.momentum() + " weightDecay=" + settings.weightDecay()
                + " (conv and fc weights only)");
        p.put("schedule", "linear warm-up " + settings.warmupEpochs() + " epoch(s), then cosine to 0, per step");
        p.put("augmentation", settings.augmentation()
                ? "random crop (pad " + TrainingSettings.CROP_PADDING + ") + horizontal flip" : "none");
        p.put("splitSeed", Long.toString(settings.splitSeed()));
        p.put("limit", Integer.toString(settings.limit()));
        p.put("trainImages", Integer.toString(trainImages));
        p.put("calibrationImages", Integer.toString(calibrationImages));
        p.put("testImages", Integer.toString(testImages));
        p.put("calibrationAccuracy", format(calibrationAccuracy()));
        p.put("testAccuracy", format(testAccuracy));
        p.put("calibrationAccuracyPerEpoch",
                calibrationAccuracyPerEpoch.stream().map(TrainingReport::format).collect(Collectors.joining(",")));
        p.put("trainSeconds", String.format(Locale.ROOT, "%.1f", trainSeconds));
        p.put("wallSeconds", String.format(Locale.ROOT, "%.1f", wallSeconds));
        p.put("imagesPerSecond", String.format(Locale.ROOT, "%.0f", imagesPerSecond()));
        p.put("engine", engine);
        p.put("threads", threads);
        for (FileProvenance file : dataset) {
            p.put("dataset." + file.file().getFileName() + ".sha256", file.sha256());
        }
        return p;
    }

    /**
     * Writes {@link #toProperties()} as a {@code .properties} file (UTF-8, in order, no timestamp).
     *
     * @param file the file to write; replaced if it exists
     * @throws IOException if it cannot be written
     */
    public void write(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("# Backbone trained by org.discardsearch.archives.train.BackboneTrainer\n");
            for (Map.Entry<String, String> entry : toProperties().entrySet()) {
                out.write(entry.getKey() + "=" + entry.getValue().replace("\\", "\\\\") + "\n");
            }
        }
    }

    private static String format(double accuracy) {
        return String.format(Locale.ROOT, "%.4f", accuracy);
    }
}
