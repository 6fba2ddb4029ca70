package org.discardsearch.archives.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.discardsearch.archives.data.DatasetFormatException;
import org.discardsearch.archives.data.DatasetNotFoundException;
import org.discardsearch.archives.data.FashionMnist;
import org.discardsearch.archives.train.BackboneTrainer;
import org.discardsearch.archives.train.TrainedBackbone;
import org.discardsearch.archives.train.TrainingReport;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;
import org.discardsearch.config.Architecture;
import org.discardsearch.config.ModelKeys;

/**
 * {@code train}: trains a backbone on Fashion-MNIST and writes {@code backbone.params} and
 * {@code backbone.properties} into {@code --out}. Run it with
 * {@code mvn -q -pl model-archives exec:java -Dexec.args="--arch compact-resnet --width 16 --seed 1 --out DIR"}.
 *
 * <p>Exit status: 0 when the files are written, 2 for a bad command line (the message names the option), 1 when
 * the data cannot be read or training fails.
 *
 * <p>Threads: one PyTorch intra-op thread by default, because two spinning OpenMP threads slow down twentyfold
 * when another process holds one of this machine's two cores (measured: 50 instead of 1,450 images/s). On an idle
 * machine two threads are faster; then also set {@code OMP_WAIT_POLICY=PASSIVE}. A run is bit-reproducible for a
 * given thread count, so the count is part of the command; see {@link BackboneTrainer}.
 */
public final class TrainCommand {

    private static final Map<String, String> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("--arch", "NAME     compact-resnet (default) or compact-mobilenetv2");
        OPTIONS.put("--width", "N        width, the first stage's channels (default 16)");
        OPTIONS.put("--seed", "N        seed of initialisation, shuffling and augmentation (default 1)");
        OPTIONS.put("--epochs", "N        epochs (default 30)");
        OPTIONS.put("--out", "DIR      folder for backbone.params and backbone.properties (required)");
        OPTIONS.put("--data", "DIR      Fashion-MNIST folder (default " + FashionMnist.DEFAULT_DIRECTORY + ")");
        OPTIONS.put("--limit", "N        use at most N images of each split part, for smoke runs (default all)");
        OPTIONS.put("--batch-size", "N        batch size (default 128)");
        OPTIONS.put("--lr", "X        peak learning rate for a batch of 128, scaled with the batch (default 0.1)");
        OPTIONS.put("--weight-decay", "X        L2 decay of conv and fc weights (default 5e-4)");
        OPTIONS.put("--warmup-epochs", "N        epochs of linear warm-up (default 1; 0 if --epochs 1)");
        OPTIONS.put("--augment", "BOOL     random 2-pixel crop and flip, true or false (default true)");
        OPTIONS.put("--threads", "N        PyTorch intra-op threads (default 1: robust on a shared machine)");
        OPTIONS.put("--log-every", "N        steps between progress lines (default 50)");
    }

    private TrainCommand() {}

    /**
     * Runs the command and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.exit(status);
    }

    /**
     * Runs the command.
     *
     * @param args the command line
     * @param out where the result line and the help go
     * @param err where error messages go
     * @return the exit status: 0, 1 (failure) or 2 (bad command line)
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Options values = new Options("train", "Trains a backbone on Fashion-MNIST's 55,000 train images and writes "
                + TrainedBackbone.PARAMS_FILE + " and " + TrainedBackbone.METADATA_FILE + ".", OPTIONS, Set.of());
        try {
            if (!values.parse(args)) {
                out.println(values.usage());
                return 0;
            }
        } catch (Options.UsageException e) {
            err.println("train: " + e.getMessage());
            err.println("Run with --help for the options.");
            return 2;
        }
        BackboneTrainer trainer;
        Path outDirectory;
        Path dataDirectory;
        try {
            outDirectory = Path.of(values.required("--out"));
            dataDirectory = values.path("--data", FashionMnist.DEFAULT_DIRECTORY);
            trainer = trainer(values);
            int threads = values.integer("--threads", 1, 1);
            // Read by the PyTorch engine when it starts, which has not happened yet in a fresh JVM.
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            if (threads > 1) {
                err.println("train: note: with --threads " + threads + " on a shared machine also set"
                        + " OMP_WAIT_POLICY=PASSIVE, or spinning threads stall");
            }
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        } catch (Options.UsageException | DiscardSearchException | IllegalArgumentException e) {
            // The builder's and Architecture's messages name the setting and the allowed values.
            err.println("train: " + e.getMessage());
            return 2;
        }
        try {
            FashionMnist data = FashionMnist.load(dataDirectory);
            try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                TrainedBackbone backbone = trainer.train(data, manager);
                backbone.save(outDirectory);
                TrainingReport report = backbone.report();
                out.printf(Locale.ROOT, "Wrote %s and %s in %s: calibration accuracy %.4f, test accuracy %.4f,"
                        + " %.0f s (%.0f images/s)%n", TrainedBackbone.PARAMS_FILE, TrainedBackbone.METADATA_FILE,
                        outDirectory, report.calibrationAccuracy(), report.testAccuracy(), report.wallSeconds(),
                        report.imagesPerSecond());
            }
            return 0;
        } catch (DatasetNotFoundException | DatasetFormatException e) {
            err.println("train: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("train: I/O error: " + e.getMessage());
            return 1;
        } catch (DiscardSearchException e) {
            err.println("train: " + e.getMessage());
            return e.category() == ErrorCategory.BAD_CONFIG ? 2 : 1;
        }
    }

    private static BackboneTrainer trainer(Options values) {
        Architecture architecture = ModelKeys.ARCHITECTURE.parse(values.string("--arch", "compact-resnet"));
        BackboneTrainer.Builder builder = BackboneTrainer.builder()
                .setArchitecture(architecture)
                .setWidth(values.integer("--width", 16, 1))
                .optSeed(values.integer("--seed", 1, 0))
                .optEpochs(values.integer("--epochs", 30, 1))
                .optLimit(values.integer("--limit", 0, 0))
                .optBatchSize(values.integer("--batch-size", 128, 1))
                .optLearningRate(values.number("--lr", 0.1f))
                .optWeightDecay(values.number("--weight-decay", 5e-4f))
                .optAugmentation(values.bool("--augment", true))
                .optLogEvery(values.integer("--log-every", 50, 1));
        if (values.has("--warmup-epochs")) {
            builder.optWarmupEpochs(values.integer("--warmup-epochs", 0, 0));
        }
        return builder.build();
    }
}
