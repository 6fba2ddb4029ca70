package org.discardsearch.archives.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.discardsearch.archives.data.FashionMnist;
import org.discardsearch.archives.evaluate.EvaluationReport;
import org.discardsearch.archives.evaluate.MethodResult;
import org.discardsearch.archives.evaluate.OfflineEvaluation;
import org.discardsearch.archives.evaluate.ReportFiles;
import org.discardsearch.archives.train.AttentionTraining;
import org.discardsearch.archives.train.AttentionTrainingReport;
import org.discardsearch.archives.train.BackboneFiles;
import org.discardsearch.archives.train.JsonFiles;

/**
 * {@code evaluate}: the offline A/B evaluation of a trained backbone. {@code --split calibration} measures the phase
 * sensitivity and chooses the archive's configuration (writes {@code calibration.json} and {@code .md});
 * {@code --split test} reads the test split once and scores every method against the plain model (writes
 * {@code test.json}, {@code test.md} and {@code test.png}). Run it with {@code mvn -q -pl model-archives exec:java
 * -Dexec.mainClass=org.discardsearch.archives.cli.EvaluateCommand -Dexec.args="..."}.
 *
 * <p>Exit status: 0 when the files are written, 2 for a bad command line, 1 when data or files cannot be read.
 */
public final class EvaluateCommand {

    private static final String NAME = "evaluate";

    private EvaluateCommand() {}

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
        docs.put("--backbone", "DIR      trained backbone folder; required");
        docs.put("--split", "NAME     calibration (choose the configuration) or test (score every method); required");
        docs.put("--render", "FILE     only re-render an existing <split>.json as Markdown (and PNG) into --out");
        docs.put("--out", "DIR      folder for <split>.json/.md (and test.png); required");
        docs.put("--attention", "DIR      a train-aggregator folder; repeat for several layer sets");
        docs.put("--selection", "FILE     calibration.json whose choice the test split scores; required for test");
        describeEvaluationOptions(docs);
        return new Options(NAME, "Offline A/B evaluation: vanilla against discard search, flip and shift TTA.", docs,
                Set.of("--attention"));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options = options();
        String commandLine = Options.commandLine(NAME, args);
        try {
            if (!options.parse(args)) {
                out.println(options.usage());
                return 0;
            }
            if (options.has("--render")) {
                EvaluationReport report = ReportFiles.read(Path.of(options.required("--render")));
                Path outDirectory = Path.of(options.required("--out"));
                ReportFiles.write(report, outDirectory);
                out.println("Rendered " + options.required("--render") + " into " + outDirectory);
                return 0;
            }
            Path backboneDirectory = Path.of(options.required("--backbone"));
            String split = options.required("--split");
            if (!split.equals("calibration") && !split.equals("test")) {
                throw new Options.UsageException("invalid value '" + split + "' for --split; allowed: calibration, test");
            }
            Path outDirectory = Path.of(options.required("--out"));
            Path selectionFile = split.equals("test") ? Path.of(options.required("--selection")) : null;
            OfflineEvaluation evaluation = evaluation(options, commandLine, BackboneFiles.read(backboneDirectory),
                    FashionMnist.load(options.path("--data", FashionMnist.DEFAULT_DIRECTORY)));
            Map<List<Integer>, Path> attention = attentionDirectories(options.all("--attention"));
            options.applyThreads();
            try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                EvaluationReport report = split.equals("calibration")
                        ? evaluation.calibrate(layers -> Optional.ofNullable(attention.get(layers)), manager)
                        : evaluation.test(ReportFiles.read(selectionFile).selection(), attention, manager);
                ReportFiles.write(report, outDirectory);
                out.println(summary(report, outDirectory));
            }
            return 0;
        } catch (Exception e) {
            return Failures.report(NAME, e, err);
        }
    }

    /** Documents the options {@link #evaluation} reads, and {@code --data}; build-archive takes them too. */
    static void describeEvaluationOptions(Map<String, String> docs) {
        docs.put("--budgets", "LIST     budgets (default 1,2,4,8,16,30)");
        docs.put("--batch-size", "N        images per batch (default 100)");
        docs.put("--workers", "N        threads running a batch's searches side by side (default 1; results do not change)");
        docs.put("--timing-images", "N        test images every method is timed on, batch 1 (default 100; 0 = none)");
        docs.put("--tolerance", "X        harmless-layer tolerance in accuracy (default 0.01)");
        docs.put("--limit", "N        use only the first N images of each split part, for smoke runs (default all)");
        docs.put("--data", "DIR      Fashion-MNIST folder (default " + FashionMnist.DEFAULT_DIRECTORY + ")");
        docs.put("--threads", "N        PyTorch intra-op threads; 1 (default) is bit-reproducible");
    }

    static OfflineEvaluation evaluation(Options options, String commandLine, BackboneFiles backbone,
            FashionMnist data) {
        List<Integer> budgets = options.integers("--budgets", OfflineEvaluation.BUDGETS);
        if (budgets.stream().anyMatch(b -> b < 1) || budgets.stream().noneMatch(b -> b >= 2)) {
            throw new Options.UsageException("invalid value '" + options.string("--budgets", "") + "' for --budgets;"
                    + " expected integers >= 1, at least one of them >= 2");
        }
        return OfflineEvaluation.builder().setBackbone(backbone).setData(data)
                .optBudgets(budgets)
                .optBatchSize(options.integer("--batch-size", 100, 1))
                .optWorkers(options.integer("--workers", 1, 1))
                .optTimingImages(options.integer("--timing-images", 100, 0))
                .optTolerance(options.number("--tolerance", 0.01f))
                .optLimit(options.integer("--limit", 0, 0))
                .optCommand(commandLine)
                .build();
    }

    /** Reads each attention folder's report to learn the layers it was trained for. */
    static Map<List<Integer>, Path> attentionDirectories(List<String> directories) throws IOException {
        Map<List<Integer>, Path> map = new LinkedHashMap<>();
        for (String directory : directories) {
            Path path = Path.of(directory);
            AttentionTrainingReport report = JsonFiles.read(path.resolve(AttentionTraining.REPORT_FILE),
                    AttentionTrainingReport.class);
            if (map.put(report.layers(), path) != null) {
                throw new Options.UsageException("two --attention folders for layers " + report.layers());
            }
        }
        return map;
    }

    static String summary(EvaluationReport report, Path directory) {
        MethodResult chosen = report.chosen();
        MethodResult official = report.officialDefault();
        return String.format(Locale.ROOT, "Wrote the %s report to %s. Chosen on calibration: %s: %.2f%% (%+.2f pt"
                + " [%+.2f, %+.2f], McNemar p %.3g).", report.split(), directory, chosen.name(),
                100 * chosen.accuracy(), 100 * chosen.gain(), 100 * chosen.gainLower(), 100 * chosen.gainUpper(),
                chosen.mcNemarP()) + (official == null ? "" : String.format(Locale.ROOT, " Official default: %s:"
                + " %.2f%% (%+.2f pt, p %.3g).", official.name(), 100 * official.accuracy(), 100 * official.gain(),
                official.mcNemarP()));
    }
}
