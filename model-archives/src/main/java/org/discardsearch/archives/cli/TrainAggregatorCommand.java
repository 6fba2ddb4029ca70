package org.discardsearch.archives.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.discardsearch.archives.data.FashionMnist;
import org.discardsearch.archives.train.AttentionTraining;
import org.discardsearch.archives.train.AttentionTrainingResult;
import org.discardsearch.archives.train.BackboneFiles;

/**
 * {@code train-aggregator}: trains the attention aggregator of a trained backbone on the calibration split and
 * writes {@value AttentionTraining#PARAMS_FILE} and {@value AttentionTraining#REPORT_FILE} into {@code --out}.
 * Run it with {@code mvn -q -pl model-archives exec:java
 * -Dexec.mainClass=org.discardsearch.archives.cli.TrainAggregatorCommand -Dexec.args="--backbone DIR --out DIR"}.
 *
 * <p>Exit status: 0 when the files are written, 2 for a bad command line, 1 when data or files cannot be read.
 */
public final class TrainAggregatorCommand {

    private static final String NAME = "train-aggregator";

    private TrainAggregatorCommand() {}

    /**
     * Runs the command and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static Options options() {
        Map<String, String> docs = new LinkedHashMap<>();
        docs.put("--backbone", "DIR      trained backbone folder (backbone.params, backbone.properties); required");
        docs.put("--out", "DIR      folder for attention.params and attention.json; required");
        docs.put("--layers", "LIST     searched layers the module is for (default 1,2,3)");
        docs.put("--budget", "N        candidates per image in the training search (default 30)");
        docs.put("--lr", "LIST     learning rates tried, chosen on held-out calibration images (default 1e-4,1e-3,1e-2)");
        docs.put("--epochs", "N        epochs per learning rate (default 10)");
        docs.put("--batch-size", "N        batch size (default 32)");
        docs.put("--weight-decay", "X        AdamW decoupled weight decay (default 0.01)");
        docs.put("--seed", "N        seed of the held-out split, search, init, order and dropout (default 42)");
        docs.put("--held-out-per-class", "N        held-out calibration images per class (default 100)");
        docs.put("--limit", "N        use only the first N calibration images, for smoke runs (default all)");
        docs.put("--data", "DIR      Fashion-MNIST folder (default " + FashionMnist.DEFAULT_DIRECTORY + ")");
        docs.put("--threads", "N        PyTorch intra-op threads; 1 (default) is bit-reproducible");
        return new Options(NAME, "Trains the attention aggregator of a frozen backbone on the calibration split.",
                docs, Set.of());
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options = options();
        try {
            if (!options.parse(args)) {
                out.println(options.usage());
                return 0;
            }
            Path backboneDirectory = Path.of(options.required("--backbone"));
            Path outDirectory = Path.of(options.required("--out"));
            AttentionTraining training = AttentionTraining.builder()
                    .setLayers(options.integers("--layers", java.util.List.of(1, 2, 3)))
                    .optBudget(options.integer("--budget", 30, 2))
                    .optLearningRates(options.numbers("--lr", AttentionTraining.DEFAULT_LEARNING_RATES))
                    .optEpochs(options.integer("--epochs", 10, 1))
                    .optBatchSize(options.integer("--batch-size", 32, 1))
                    .optWeightDecay(options.number("--weight-decay", 0.01f))
                    .optSeed(options.integer("--seed", 42, 0))
                    .optHeldOutPerClass(options.integer("--held-out-per-class", 100, 1))
                    .optLimit(options.integer("--limit", 0, 0))
                    .build();
            Path data = options.path("--data", FashionMnist.DEFAULT_DIRECTORY);
            options.applyThreads();
            BackboneFiles backbone = BackboneFiles.read(backboneDirectory);
            FashionMnist dataset = FashionMnist.load(data);
            try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                AttentionTrainingResult result = training.train(dataset, backbone, manager);
                AttentionTraining.save(result, outDirectory);
                out.printf(Locale.ROOT, "Wrote %s and %s in %s: held-out accuracy %.4f (plain mean %.4f)%n",
                        AttentionTraining.PARAMS_FILE, AttentionTraining.REPORT_FILE, outDirectory,
                        result.report().keptHeldOutAccuracy(), result.report().plainMeanHeldOutAccuracy());
            }
            return 0;
        } catch (Exception e) {
            return Failures.report(NAME, e, err);
        }
    }
}
