package org.discardsearch.kafka;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.discardsearch.error.ConfigException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the consumer's settings as one flat map of keys: a properties or YAML file, then command-line overrides
 * of the form {@code key=value}, later ones winning. In YAML, nested mappings become dotted keys
 * ({@code discard: {batch: {size: 16}}} is {@code discard.batch.size=16}) and a list becomes its elements joined
 * by commas.
 */
public final class ConfigSources {

    private ConfigSources() {
    }

    /**
     * Reads a settings file: YAML when its name ends in {@code .yaml} or {@code .yml}, properties otherwise.
     *
     * @param file the file
     * @return the keys and their values as text
     * @throws ConfigException if the file is missing or malformed, naming the file
     * @throws IOException if the file cannot be read
     */
    public static Map<String, String> readFile(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                Map<String, String> out = new TreeMap<>();
                Object root;
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
                }
                if (root != null) {
                    if (!(root instanceof Map<?, ?> mapping)) {
                        throw new ConfigException(file.toString(), "Invalid configuration file " + file
                                + "; expected a YAML mapping of keys to values");
                    }
                    flatten("", mapping, out);
                }
                return out;
            }
            Properties props = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(reader);
            }
            return props.stringPropertyNames().stream().collect(Collectors.toMap(k -> k, props::getProperty,
                    (a, b) -> b, TreeMap::new));
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), "Configuration file not found: " + file);
        } catch (YAMLException | IllegalArgumentException e) {
            throw new ConfigException(file.toString(), "Invalid configuration file " + file + ": "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Nested mappings become dotted keys, lists comma-separated values, null an empty value. */
    private static void flatten(String prefix, Object node, Map<String, String> out) {
        if (node instanceof Map<?, ?> mapping) {
            mapping.forEach((key, value) -> flatten(prefix + key + (value instanceof Map ? "." : ""), value, out));
        } else if (node instanceof List<?> list) {
            out.put(prefix, list.stream().map(String::valueOf).collect(Collectors.joining(",")));
        } else {
            out.put(prefix, node == null ? "" : String.valueOf(node));
        }
    }

    /**
     * Lays command-line overrides over settings.
     *
     * @param settings the settings read so far
     * @param overrides arguments of the form {@code key=value}
     * @return a new map with the overrides applied
     * @throws ConfigException naming an argument that has no {@code =} or an empty key
     */
    public static Map<String, String> override(Map<String, String> settings, List<String> overrides) {
        Map<String, String> out = new TreeMap<>(settings);
        for (String argument : overrides) {
            int eq = argument.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(argument, "Invalid override '" + argument + "'; expected key=value");
            }
            out.put(argument.substring(0, eq).strip(), argument.substring(eq + 1));
        }
        return out;
    }

    /**
     * Reads the settings a command line gives: {@code --config FILE} (at most once) and {@code key=value}
     * overrides, which win over the file whatever their position.
     *
     * @param args the arguments
     * @return the settings
     * @throws ConfigException naming an argument that is neither
     * @throws IOException if the file cannot be read
     */
    public static Map<String, String> fromArgs(List<String> args) throws IOException {
        Map<String, String> settings = new TreeMap<>();
        List<String> overrides = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--config") && i + 1 < args.size()) {
                settings.putAll(readFile(Path.of(args.get(++i))));
            } else {
                overrides.add(arg);
            }
        }
        return override(settings, overrides);
    }
}
