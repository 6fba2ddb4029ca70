package org.discardsearch.archives.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A strict command line: {@code --name value} or {@code --name=value} pairs among declared options, each at most
 * once unless declared repeatable, declared flags that take no value, and {@code --help}. Every failure is a {@link UsageException} whose message
 * names the option and what is allowed.
 */
final class Options {

    private final String command;
    private final String summary;
    private final Map<String, String> docs = new LinkedHashMap<>();
    private final Set<String> repeatable;
    private final Set<String> flags;
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    /**
     * Declares the options.
     *
     * @param command the command's name, for messages
     * @param summary one line saying what the command does
     * @param docs option name to "VALUE  description"
     * @param repeatable options that may be given more than once
     */
    Options(String command, String summary, Map<String, String> docs, Set<String> repeatable) {
        this(command, summary, docs, repeatable, Set.of());
    }

    /**
     * Declares the options, some of them flags.
     *
     * @param command the command's name, for messages
     * @param summary one line saying what the command does
     * @param docs option name to "VALUE  description" ("  description" for a flag)
     * @param repeatable options that may be given more than once
     * @param flags options that take no value; {@link #has} tells whether one was given
     */
    Options(String command, String summary, Map<String, String> docs, Set<String> repeatable, Set<String> flags) {
        this.command = command;
        this.summary = summary;
        this.docs.putAll(docs);
        this.repeatable = Set.copyOf(repeatable);
        this.flags = Set.copyOf(flags);
    }

    /** Parses a command line; returns false when help was asked for. */
    boolean parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return false;
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            if (!docs.containsKey(name)) {
                throw new UsageException((arg.startsWith("-") ? "unknown option '" + name + "'"
                        : "unexpected argument '" + arg + "'") + "; allowed: " + String.join(", ", docs.keySet())
                        + ", --help");
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException("option " + name + " takes no value");
                }
                value = "";
            } else if (value == null) {
                if (i + 1 >= args.length) {
                    throw new UsageException("option " + name + " needs a value");
                }
                value = args[++i];
            }
            List<String> list = values.computeIfAbsent(name, k -> new ArrayList<>());
            if (!list.isEmpty() && !repeatable.contains(name)) {
                throw new UsageException("option " + name + " is given twice");
            }
            list.add(value);
        }
        return true;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String string(String name, String defaultValue) {
        List<String> list = values.get(name);
        return list == null ? defaultValue : list.get(0);
    }

    String required(String name) {
        String value = string(name, null);
        if (value == null || value.isBlank()) {
            throw new UsageException("missing required option " + name + "; " + name + " " + docs.get(name).trim());
        }
        return value;
    }

    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    Path path(String name, Path defaultValue) {
        String value = string(name, null);
        return value == null ? defaultValue : Path.of(value);
    }

    int integer(String name, int defaultValue, int min) {
        String value = string(name, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException("invalid value '" + value + "' for " + name + "; expected an integer >= " + min);
        }
    }

    float number(String name, float defaultValue) {
        String value = string(name, null);
        if (value == null) {
            return defaultValue;
        }
        return parseNumber(name, value);
    }

    boolean bool(String name, boolean defaultValue) {
        String value = string(name, null);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new UsageException("invalid value '" + value + "' for " + name + "; allowed: true, false");
        };
    }

    List<Integer> integers(String name, List<Integer> defaultValue) {
        String value = string(name, null);
        if (value == null) {
            return defaultValue;
        }
        List<Integer> list = new ArrayList<>();
        for (String part : value.split(",")) {
            try {
                list.add(Integer.parseInt(part.trim()));
            } catch (NumberFormatException e) {
                throw new UsageException("invalid value '" + value + "' for " + name
                        + "; expected comma-separated integers, e.g. 1,2,3");
            }
        }
        return list;
    }

    List<Float> numbers(String name, List<Float> defaultValue) {
        String value = string(name, null);
        if (value == null) {
            return defaultValue;
        }
        List<Float> list = new ArrayList<>();
        for (String part : value.split(",")) {
            list.add(parseNumber(name, part));
        }
        return list;
    }

    private float parseNumber(String name, String value) {
        try {
            float parsed = Float.parseFloat(value.trim());
            if (!Float.isFinite(parsed)) {
                throw new NumberFormatException(value);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new UsageException("invalid value '" + value + "' for " + name + "; expected a finite number");
        }
    }

    /** Sets the engine's intra-op threads from {@code --threads} (default 1) before the engine starts. */
    void applyThreads() {
        int threads = integer("--threads", 1, 1);
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    /** Returns the command line as one string, for reports. */
    static String commandLine(String command, String[] args) {
        return command + (args.length == 0 ? "" : " " + String.join(" ", args));
    }

    /**
     * Returns the Maven command that runs a recorded command line ({@link #commandLine}) of one of the tools.
     *
     * @param commandLine e.g. {@code build-archive --backbone DIR}
     * @return e.g. {@code mvn -q -pl model-archives exec:java -Dexec.mainClass=...BuildArchiveCommand -Dexec.args="..."}
     */
    static String mavenLine(String commandLine) {
        int space = commandLine.indexOf(' ');
        String name = space < 0 ? commandLine : commandLine.substring(0, space);
        String args = space < 0 ? "" : commandLine.substring(space + 1);
        String main = switch (name) {
            case "build-archive" -> "BuildArchiveCommand";
            case "evaluate" -> "EvaluateCommand";
            case "train-aggregator" -> "TrainAggregatorCommand";
            case "package" -> "PackageCommand";
            default -> "TrainCommand";
        };
        return "mvn -q -pl model-archives exec:java -Dexec.mainClass=org.discardsearch.archives.cli." + main
                + " -Dexec.args=\"" + args + "\"";
    }

    String usage() {
        StringBuilder text = new StringBuilder("Usage: " + command + " [options]\n" + summary + "\nOptions:\n");
        docs.forEach((name, doc) -> text.append(String.format(Locale.ROOT, "  %-22s %s%n", name, doc)));
        return text.toString().stripTrailing();
    }

    /** A bad command line; its message names the option. */
    static final class UsageException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
