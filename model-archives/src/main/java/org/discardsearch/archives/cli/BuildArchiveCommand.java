package org.discardsearch.archives.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.discardsearch.archives.data.FashionMnist;
import org.discardsearch.archives.evaluate.EvaluationReport;
import org.discardsearch.archives.evaluate.OfflineEvaluation;
import org.discardsearch.archives.evaluate.ReportFiles;
import org.discardsearch.archives.pack.ArchivePackager;
import org.discardsearch.archives.train.AttentionTraining;
import org.discardsearch.archives.train.AttentionTrainingReport;
import org.discardsearch.archives.train.AttentionTrainingResult;
import org.discardsearch.archives.train.BackboneFiles;
import org.discardsearch.archives.train.JsonFiles;

/**
 * {@code build-archive}: everything after the backbone's training, in one run: the calibration split chooses the
 * configuration (training the attention aggregator for the chosen layers and for the default layers on the way,
 * unless {@code --work} already holds it for the same settings), the test split is scored once, and the archive
 * is packaged. Writes {@code <work>/calibration.*}, {@code <work>/test.*}, {@code <work>/attention-<layers>/} and
 * {@code <archives>/<name>/} with {@code <name>.zip}.
 *
 * <p>Exit status: 0 when everything is written, 2 for a bad command line, 1 when data or files cannot be read.
 */
public final class BuildArchiveCommand {

    private static final String NAME = "build-archive";

    private BuildArchiveCommand() {}

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
        docs.put("--name", "NAME     archive name (default: the backbone folder's name)");
        docs.put("--work", "DIR      evaluation folder (default model-archives/evaluation/<backbone folder name>)");
        docs.put("--archives", "DIR      folder of archives (default model-archives/archives)");
        docs.put("--attention-epochs", "N        epochs per learning rate of the attention training (default 10)");
        docs.put("--attention-lr", "LIST     learning rates of the attention training (default 1e-4,1e-3,1e-2)");
        EvaluateCommand.describeEvaluationOptions(docs);
        return new Options(NAME, "Chooses the configuration on calibration, trains the attention, scores the test"
                + " split and packages the archive.", docs, Set.of());
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options = options();
        String commandLine = Options.commandLine(NAME, args);
        try {
            if (!options.parse(args)) {
                out.println(options.usage());
                return 0;
            }
            BackboneFiles backbone = BackboneFiles.read(Path.of(options.required("--backbone")));
            String name = options.string("--name", backbone.name());
            Path work = options.path("--work", Path.of("model-archives", "evaluation", backbone.name()));
            Path archives = options.path("--archives", Path.of("model-archives", "archives"));
            int limit = options.integer("--limit", 0, 0);
            int epochs = options.integer("--attention-epochs", 10, 1);
            List<Float> rates = options.numbers("--attention-lr", AttentionTraining.DEFAULT_LEARNING_RATES);
            FashionMnist data = FashionMnist.load(options.path("--data", FashionMnist.DEFAULT_DIRECTORY));
            OfflineEvaluation evaluation = EvaluateCommand.evaluation(options, commandLine, backbone, data);
            options.applyThreads();
            Map<List<Integer>, Path> trained = new LinkedHashMap<>();
            try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                EvaluationReport calibration = evaluation.calibrate(layers -> {
                    Path directory = work.resolve("attention-" + layers.stream().map(String::valueOf)
                            .collect(Collectors.joining("-")));
                    if (!upToDate(directory, backbone, layers, limit, epochs, rates)) {
                        AttentionTraining training = AttentionTraining.builder().setLayers(layers).optLimit(limit)
                                .optEpochs(epochs).optLearningRates(rates).build();
                        try (NDManager scope = manager.newSubManager()) {
                            AttentionTrainingResult result = training.train(data, backbone, scope);
                            AttentionTraining.save(result, directory);
                        } catch (ai.djl.MalformedModelException e) {
                            throw new IOException(e.getMessage(), e);
                        }
                    }
                    trained.put(layers, directory);
                    return Optional.of(directory);
                }, manager);
                ReportFiles.write(calibration, work);
                EvaluationReport test = evaluation.test(calibration.selection(), trained, manager);
                ReportFiles.write(test, work);
                Path attention = trained.get(calibration.selection().layers());
                List<String> commands = new ArrayList<>();
                commands.add("# backbone (org.discardsearch.archives.cli.TrainCommand, the train command)");
                commands.add(trainCommand(backbone));
                commands.add("# calibration choice, attention training, test evaluation and this archive");
                commands.add(Options.mavenLine(commandLine));
                Path directory = ArchivePackager.write(new ArchivePackager.Contents(name, backbone, attention,
                        calibration, test, commands), archives);
                out.println(EvaluateCommand.summary(test, work));
                out.println("Wrote archive " + directory + " and " + archives.resolve(name + ".zip"));
            }
            return 0;
        } catch (Exception e) {
            return Failures.report(NAME, e, err);
        }
    }

    /** Whether a folder holds an attention module trained with these settings. */
    private static boolean upToDate(Path directory, BackboneFiles backbone, List<Integer> layers, int limit,
            int epochs, List<Float> rates) throws IOException {
        Path report = directory.resolve(AttentionTraining.REPORT_FILE);
        if (!Files.isRegularFile(report) || !Files.isRegularFile(directory.resolve(AttentionTraining.PARAMS_FILE))) {
            return false;
        }
        AttentionTrainingReport r = JsonFiles.read(report, AttentionTrainingReport.class);
        return r.backbone().equals(backbone.name()) && r.layers().equals(layers) && r.limit() == limit
                && r.epochs() == epochs && r.learningRates().equals(rates);
    }

    /** The train command that reproduces a backbone, from its metadata. */
    static String trainCommand(BackboneFiles backbone) {
        Map<String, String> m = backbone.metadata();
        return "mvn -q -pl model-archives exec:java -Dexec.mainClass=org.discardsearch.archives.cli.TrainCommand"
                + " -Dexec.args=\"--arch " + m.get("architecture") + " --width " + m.get("width") + " --seed "
                + m.get("seed") + " --epochs " + m.get("epochs") + " --threads " + m.getOrDefault("threads", "1")
                + (m.getOrDefault("limit", "0").equals("0") ? "" : " --limit " + m.get("limit"))
                + " --out " + backbone.directory() + "\"";
    }
}
