package org.discardsearch.plugin.server;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The options of {@code plugin/run}: {@code --name value} pairs from a fixed set, {@code --help}. A bad command
 * line prints what was wrong and the usage, and exits with status 2.
 */
final class CommandLine {

    private static final Set<String> OPTIONS = Set.of("--port", "--dist", "--classpath-file", "--requests", "--rounds",
            "--model");

    private final Map<String, String> values;
    private final String usage;

    private CommandLine(Map<String, String> values, String usage) {
        this.values = values;
        this.usage = usage;
    }

    /**
     * Parses a command line; prints the usage and exits on {@code --help} (0) or a mistake (2).
     *
     * @param args the arguments
     * @param usage the command's usage text
     * @return the parsed options
     */
    static CommandLine parse(String[] args, String usage) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h")) {
                System.out.println(usage);
                System.exit(0);
            }
            if (!OPTIONS.contains(args[i])) {
                fail("Unknown option '" + args[i] + "'", usage);
            }
            if (i + 1 == args.length) {
                fail("Option " + args[i] + " needs a value", usage);
            }
            values.put(args[i], args[++i]);
        }
        return new CommandLine(values, usage);
    }

    private static void fail(String message, String usage) {
        System.err.println(message);
        System.err.println(usage);
        System.exit(2);
    }

    /** The {@code --port} value, 1 to 65535. */
    int port(int fallback) {
        return integer("--port", fallback, 1, 65535);
    }

    /** A positive integer option. */
    int integer(String option, int fallback, int min, int max) {
        String value = values.get(option);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        fail("Invalid value '" + value + "' for " + option + "; allowed: an integer in [" + min + ", " + max + "]",
                usage);
        throw new AssertionError("unreachable");
    }

    /** A text option. */
    String text(String option, String fallback) {
        return values.getOrDefault(option, fallback);
    }

    /** The distribution folder, set by the script. */
    Path dist() {
        return Paths.get(text("--dist", "plugin/target/dist"));
    }

    /** The server class path file, set by the script. */
    Path classpathFile() {
        return Paths.get(text("--classpath-file", "plugin/target/server.classpath"));
    }
}
