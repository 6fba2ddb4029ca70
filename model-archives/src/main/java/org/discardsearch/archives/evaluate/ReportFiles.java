package org.discardsearch.archives.evaluate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.discardsearch.archives.train.JsonFiles;

/**
 * Where an evaluation's files go in its folder: {@code <split>.json}, {@code <split>.md} and, for the test split,
 * {@code test.png}.
 */
public final class ReportFiles {

    private ReportFiles() {}

    /**
     * Writes a report's files.
     *
     * @param report the report
     * @param directory the folder, created if needed
     * @throws IOException if a file cannot be written
     */
    public static void write(EvaluationReport report, Path directory) throws IOException {
        Files.createDirectories(directory);
        JsonFiles.write(report, json(directory, report.split()));
        Files.writeString(directory.resolve(report.split() + ".md"), ReportTables.render(report),
                StandardCharsets.UTF_8);
        if (report.split().equals("test")) {
            ResultPlot.write(report, directory.resolve("test.png"));
        }
    }

    /**
     * Returns the JSON file of a split's report.
     *
     * @param directory the evaluation folder
     * @param split {@code calibration} or {@code test}
     * @return the file
     */
    public static Path json(Path directory, String split) {
        return directory.resolve(split + ".json");
    }

    /**
     * Reads a report.
     *
     * @param file its JSON file
     * @return the report
     * @throws IOException if it cannot be read or parsed
     */
    public static EvaluationReport read(Path file) throws IOException {
        return JsonFiles.read(file, EvaluationReport.class);
    }
}
