package org.discardsearch.kafka;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.discardsearch.error.ConfigException;
import org.discardsearch.error.DiscardSearchException;

/**
 * Runs the body of a command and turns its errors into an exit status and one line for the user, never a stack
 * trace: 2 for a configuration or usage error, 1 for any other failure.
 */
public final class CommandRunner {

    /** The body of a command. */
    public interface Body {
        /**
         * Runs the command.
         *
         * @param args the arguments, in a mutable list
         * @throws IOException if a file cannot be read
         */
        void run(List<String> args) throws IOException;
    }

    private CommandRunner() {
    }

    /**
     * Runs a command's body, exiting with 2 or 1 on failure.
     *
     * @param name what the command is, for the failure line, e.g. {@code Main job}
     * @param args the command line
     * @param body the body
     */
    public static void run(String name, String[] args, Body body) {
        try {
            body.run(new ArrayList<>(List.of(args)));
        } catch (ConfigException e) {
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(2);
        } catch (NumberFormatException e) {
            System.err.println("Usage error: " + e.getMessage() + "; expected an integer");
            System.exit(2);
        } catch (DiscardSearchException | IOException e) {
            System.err.println(name + " failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
