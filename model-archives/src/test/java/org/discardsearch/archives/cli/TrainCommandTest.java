package org.discardsearch.archives.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainCommandTest {

    @TempDir
    Path temp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return TrainCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String errText() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void trainsASmallSubsetForOneEpochAndWritesBothFiles() throws IOException {
        Path directory = temp.resolve("out");

        int status = run("--arch", "compact-resnet", "--width", "4", "--seed", "2", "--epochs", "1", "--limit", "512",
                "--threads", "1", "--out", directory.toString());

        assertEquals(0, status, errText());
        assertTrue(Files.size(directory.resolve("backbone.params")) > 0);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(directory.resolve("backbone.properties"))) {
            properties.load(reader);
        }
        assertEquals("compact-resnet", properties.getProperty("architecture"));
        assertEquals("4", properties.getProperty("width"));
        assertEquals("2", properties.getProperty("seed"));
        assertEquals("512", properties.getProperty("trainImages"));
        assertEquals(64, properties.getProperty("dataset.train-images-idx3-ubyte.gz.sha256").length());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("calibration accuracy"));
    }

    @Test
    void rejectsAnUnknownOptionNamingIt() {
        int status = run("--width", "4", "--colour", "red", "--out", temp.toString());

        assertEquals(2, status);
        assertTrue(errText().contains("unknown option '--colour'"), errText());
        assertFalse(errText().contains("\tat "), "no stack trace: " + errText());
    }

    @ParameterizedTest
    @CsvSource({
        "--width, abc, invalid value 'abc' for --width",
        "--lr, fast, invalid value 'fast' for --lr",
        "--augment, yes, invalid value 'yes' for --augment",
        "--arch, resnet9, Invalid value 'resnet9' for architecture",
        "--epochs, 0, invalid value '0' for --epochs",
        "--threads, 0, invalid value '0' for --threads"
    })
    void rejectsAMalformedValueNamingTheOptionAndValue(String option, String value, String message) {
        int status = run(option, value, "--out", temp.toString());

        assertEquals(2, status);
        assertTrue(errText().contains(message), errText());
    }

    @Test
    void rejectsAMissingOut() {
        assertEquals(2, run("--width", "4"));
        assertTrue(errText().contains("missing required option --out"), errText());
    }

    @Test
    void rejectsAnOptionWithoutItsValue() {
        assertEquals(2, run("--out", temp.toString(), "--width"));
        assertTrue(errText().contains("option --width needs a value"), errText());
    }

    @Test
    void missingDatasetNamesTheDebianPackageAndExitsWithOne() {
        int status = run("--data", temp.resolve("nowhere").toString(), "--out", temp.toString());

        assertEquals(1, status);
        assertTrue(errText().contains("dataset-fashion-mnist"), errText());
    }

    @Test
    void helpListsTheOptions() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("--arch"));
    }
}
