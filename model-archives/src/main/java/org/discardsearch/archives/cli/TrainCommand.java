package org.discardsearch.archives.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.discardsearch.archives.data.DatasetFormatException;
import org.discardsearch.archives.data.DatasetNotFoundException;
import org.discardsearch.archives.data.FashionMnist;
import org.discardsearch.archives.train.BackboneTrainer;
import org.discardsearch.archives.train.TrainedBackbone;
import org.discardsearch.archives.train.TrainingReport;
import org.discardsearch.config.DiscardSearchException;
import org.discardsearch.config.ErrorCategory;
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
 * machine two threads are faster; then also set {@code OMP_WAIT_POLICY=PASSIVE}. Neither setting makes a long
 * run bit-reproducible across processes; see {@link BackboneTrainer}.
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
        Map<String, String> values;
        try {
            values = parse(args);
        } catch (UsageException e) {
            err.println("train: " + e.getMessage());
            err.println("Run with --help for the options.");
            return 2;
        }
        if (values.containsKey("--help")) {
            out.println(usage());
            return 0;
        }
        BackboneTrainer trainer;
        Path outDirectory;
        Path dataDirectory;
        try {
            outDirectory = Path.of(required(values, "--out"));
            dataDirectory = Path.of(values.getOrDefault("--data", FashionMnist.DEFAULT_DIRECTORY.toString()));
            trainer = trainer(values);
            int threads = intValue(values, "--threads", 1);
            if (threads < 1) {
                throw new UsageException("invalid value '" + threads + "' for --threads; expected an integer >= 1");
            }
            // Read by the PyTorch engine when it starts, which has not happened yet in a fresh JVM.
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            if (threads > 1) {
                err.println("train: note: with --threads " + threads + " on a shared machine also set"
                        + " OMP_WAIT_POLICY=PASSIVE, or spinning threads stall");
            }
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        } catch (UsageException | DiscardSearchException | IllegalArgumentException e) {
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

    private static BackboneTrainer trainer(Map<String, String> values) {
        Architecture architecture = ModelKeys.ARCHITECTURE.parse(values.getOrDefault("--arch", "compact-resnet"));
        BackboneTrainer.Builder builder = BackboneTrainer.builder()
                .setArchitecture(architecture)
                .setWidth(intValue(values, "--width", 16))
                .optSeed(intValue(values, "--seed", 1))
                .optEpochs(intValue(values, "--epochs", 30))
                .optLimit(intValue(values, "--limit", 0))
                .optBatchSize(intValue(values, "--batch-size", 128))
                .optLearningRate(floatValue(values, "--lr", 0.1f))
                .optWeightDecay(floatValue(values, "--weight-decay", 5e-4f))
                .optAugmentation(booleanValue(values, "--augment", true))
                .optLogEvery(intValue(values, "--log-every", 50));
        if (values.containsKey("--warmup-epochs")) {
            builder.optWarmupEpochs(intValue(values, "--warmup-epochs", 0));
        }
        return builder.build();
    }

    /** Parses {@code --name value} and {@code --name=value} pairs, and {@code --help}; rejects anything else. */
    static Map<String, String> parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                values.put("--help", "");
                continue;
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            if (!OPTIONS.containsKey(name)) {
                throw new UsageException((arg.startsWith("-") ? "unknown option '" + name + "'"
                        : "unexpected argument '" + arg + "'") + "; allowed: "
                        + String.join(", ", OPTIONS.keySet()) + ", --help");
            }
            if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException("option " + name + " needs a value");
                }
                value = args[++i];
            }
            if (values.put(name, value) != null) {
                throw new UsageException("option " + name + " is given twice");
            }
        }
        return values;
    }

    private static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new UsageException("missing required option " + name + "; " + name + " " + OPTIONS.get(name).trim());
        }
        return value;
    }

    private static int intValue(Map<String, String> values, String name, int defaultValue) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("invalid value '" + value + "' for " + name + "; expected an integer");
        }
    }

    private static float floatValue(Map<String, String> values, String name, float defaultValue) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            float parsed = Float.parseFloat(value.trim());
            if (!Float.isFinite(parsed)) {
                throw new NumberFormatException(value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException("invalid value '" + value + "' for " + name + "; expected a finite number");
        }
    }

    private static boolean booleanValue(Map<String, String> values, String name, boolean defaultValue) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new UsageException("invalid value '" + value + "' for " + name + "; allowed: true, false");
        };
    }

    private static String usage() {
        StringBuilder text = new StringBuilder("Usage: train --out DIR [options]\n"
                + "Trains a backbone on Fashion-MNIST's 55,000 train images and writes "
                + TrainedBackbone.PARAMS_FILE + " and " + TrainedBackbone.METADATA_FILE + ".\nOptions:\n");
        OPTIONS.forEach((name, doc) -> text.append(String.format(Locale.ROOT, "  %-16s %s%n", name, doc)));
        return text.toString().stripTrailing();
    }

    /** A bad command line; its message names the option. */
    static final class UsageException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
