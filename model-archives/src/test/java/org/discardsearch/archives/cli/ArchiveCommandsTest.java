package org.discardsearch.archives.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;
import org.discardsearch.archives.evaluate.EvaluationReport;
import org.discardsearch.archives.evaluate.ReportFiles;
import org.discardsearch.archives.train.BackboneFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The evaluation, aggregator-training and packaging commands: their files, their errors and exit statuses. */
class ArchiveCommandsTest {

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String command, String... args) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        return switch (command) {
            case "evaluate" -> EvaluateCommand.run(args, o, e);
            case "train-aggregator" -> TrainAggregatorCommand.run(args, o, e);
            case "package" -> PackageCommand.run(args, o, e);
            case "build-archive" -> BuildArchiveCommand.run(args, o, e);
            default -> throw new IllegalArgumentException(command);
        };
    }

    private String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"evaluate", "train-aggregator", "build-archive"})
    void aMissingDatasetNamesTheDebianPackageAndTheFolder(String command) throws IOException {
        Path backbone = BackboneFixture.write(temp.resolve("backbone"), 1);
        Path missing = temp.resolve("no-data-here");
        String[] args = command.equals("evaluate")
                ? new String[] {"--backbone", backbone.toString(), "--split", "calibration", "--out",
                    temp.resolve("eval").toString(), "--data", missing.toString()}
                : command.equals("train-aggregator")
                        ? new String[] {"--backbone", backbone.toString(), "--out", temp.resolve("att").toString(),
                            "--data", missing.toString()}
                        : new String[] {"--backbone", backbone.toString(), "--data", missing.toString()};

        int status = run(command, args);

        assertEquals(1, status);
        assertTrue(errText().contains("dataset-fashion-mnist"), errText());
        assertTrue(errText().contains("apt-get install"), errText());
        assertTrue(errText().contains(missing.toString()), errText());
        assertTrue(errText().contains("--data"), errText());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"evaluate, --split=validation", "evaluate, '--budgets=1,x'", "evaluate, --budgets=1",
        "train-aggregator, --epochs=0",
        "package, --colour=red"})
    void rejectsABadOptionNamingIt(String command, String option) throws IOException {
        Path backbone = BackboneFixture.write(temp.resolve("backbone"), 1);
        String name = option.substring(0, option.indexOf('='));

        int status = command.equals("package")
                ? run(command, "--backbone", backbone.toString(), "--evaluation", temp.toString(), option)
                : run(command, "--backbone", backbone.toString(), "--split", "calibration", "--out", temp.toString(),
                        option);

        assertEquals(2, status, errText());
        assertTrue(errText().contains(name), errText());
    }

    @Test
    void aMissingBackboneFileNamesItAndTheCommandThatWritesIt() {
        int status = run("evaluate", "--backbone", temp.toString(), "--split", "calibration", "--out",
                temp.toString());

        assertEquals(1, status);
        assertTrue(errText().contains("backbone.params"), errText());
        assertTrue(errText().contains("train command"), errText());
    }

    @Test
    void calibrationReportWrittenByEvaluateConfiguresThePackagedArchive() throws IOException {
        Path backbone = BackboneFixture.write(temp.resolve("backbone"), 1);
        Path evaluation = temp.resolve("evaluation");

        int evaluated = run("evaluate", "--backbone", backbone.toString(), "--split", "calibration", "--out",
                evaluation.toString(), "--limit", "60", "--budgets", "1,2,4", "--batch-size", "30");
        assertEquals(0, evaluated, errText());
        EvaluationReport report = ReportFiles.read(evaluation.resolve("calibration.json"));
        int packaged = run("package", "--backbone", backbone.toString(), "--evaluation", evaluation.toString(),
                "--name", "from-cli", "--archives", temp.resolve("archives").toString());

        assertEquals(0, packaged, errText());
        String properties = Files.readString(temp.resolve("archives/from-cli/serving.properties"));
        assertTrue(properties.contains("discardSearch.budget=" + report.selection().budget()), properties);
        assertTrue(properties.contains("discardSearch.layers=" + String.join(",",
                report.selection().layers().stream().map(String::valueOf).toList())), properties);
        assertTrue(Files.readString(evaluation.resolve("calibration.md")).contains("| layer |"));
    }
}
