package org.discardsearch.archives.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.discardsearch.archives.evaluate.EvaluationReport;
import org.discardsearch.archives.evaluate.ReportFiles;
import org.discardsearch.archives.pack.ArchivePackager;
import org.discardsearch.archives.train.BackboneFiles;

/**
 * {@code package}: writes a DJL Serving model archive from a trained backbone, the attention trained for the
 * chosen layers and an evaluation folder ({@code calibration.json}, whose choice configures the archive, and
 * {@code test.json} for the model card).
 *
 * <p>Exit status: 0 when the archive is written, 2 for a bad command line, 1 when files cannot be read.
 */
public final class PackageCommand {

    private static final String NAME = "package";

    private PackageCommand() {}

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
        docs.put("--evaluation", "DIR      folder with calibration.json (and test.json for the card); required");
        docs.put("--attention", "DIR      train-aggregator folder for the chosen layers (default: untrained module)");
        docs.put("--name", "NAME     archive name (default: the backbone folder's name)");
        docs.put("--archives", "DIR      folder of archives (default model-archives/archives)");
        docs.put("--threads", "N        PyTorch intra-op threads (default 1)");
        return new Options(NAME, "Packages a DJL Serving model archive with the configuration chosen on calibration.",
                docs, Set.of());
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Options options = options();
        try {
            if (!options.parse(args)) {
                out.println(options.usage());
                return 0;
            }
            BackboneFiles backbone = BackboneFiles.read(Path.of(options.required("--backbone")));
            Path evaluation = Path.of(options.required("--evaluation"));
            EvaluationReport calibration = ReportFiles.read(ReportFiles.json(evaluation, "calibration"));
            Path testFile = ReportFiles.json(evaluation, "test");
            EvaluationReport test = Files.isRegularFile(testFile) ? ReportFiles.read(testFile) : null;
            Path attention = options.path("--attention", null);
            String name = options.string("--name", backbone.name());
            Path archives = options.path("--archives", Path.of("model-archives", "archives"));
            options.applyThreads();
            List<String> commands = new java.util.ArrayList<>();
            commands.add("# backbone");
            commands.add(BuildArchiveCommand.trainCommand(backbone));
            commands.add("# the evaluation folder " + evaluation);
            commands.add(Options.mavenLine(calibration.command()));
            if (test != null && !test.command().equals(calibration.command())) {
                commands.add(Options.mavenLine(test.command()));
            }
            commands.add("# this archive");
            commands.add(Options.mavenLine(Options.commandLine(NAME, args)));
            Path directory = ArchivePackager.write(new ArchivePackager.Contents(name, backbone, attention, calibration,
                    test, commands), archives);
            out.println("Wrote archive " + directory + " and " + archives.resolve(name + ".zip"));
            return 0;
        } catch (Exception e) {
            return Failures.report(NAME, e, err);
        }
    }
}
