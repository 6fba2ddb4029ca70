package org.discardsearch.archives.cli;

import ai.djl.MalformedModelException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import org.discardsearch.archives.data.DatasetFormatException;
import org.discardsearch.archives.data.DatasetNotFoundException;
import org.discardsearch.error.DiscardSearchException;
import org.discardsearch.error.ErrorCategory;

/** Maps the tools' failures to one message line and an exit status, in one place for every command. */
final class Failures {

    private Failures() {}

    /**
     * Prints the failure and returns the exit status: 2 for a bad setting, 1 for anything else.
     *
     * @param command the command's name
     * @param e the failure
     * @param err where the message goes
     * @return the exit status
     */
    static int report(String command, Exception e, PrintStream err) {
        if (e instanceof Options.UsageException) {
            err.println(command + ": " + e.getMessage());
            err.println("Run with --help for the options.");
            return 2;
        }
        if (e instanceof DatasetNotFoundException || e instanceof DatasetFormatException) {
            err.println(command + ": " + e.getMessage());
            return 1;
        }
        if (e instanceof NoSuchFileException missing) {
            err.println(command + ": file not found: " + missing.getFile()
                    + (missing.getReason() == null ? "" : "; " + missing.getReason()));
            return 1;
        }
        if (e instanceof IOException) {
            err.println(command + ": I/O error: " + e.getMessage());
            return 1;
        }
        if (e instanceof MalformedModelException) {
            err.println(command + ": parameters do not fit the model: " + e.getMessage());
            return 1;
        }
        if (e instanceof DiscardSearchException d) {
            err.println(command + ": " + d.getMessage());
            return d.category() == ErrorCategory.BAD_CONFIG ? 2 : 1;
        }
        if (e instanceof IllegalArgumentException) {
            err.println(command + ": " + e.getMessage());
            return 2;
        }
        err.println(command + ": failed: " + e);
        return 1;
    }
}
