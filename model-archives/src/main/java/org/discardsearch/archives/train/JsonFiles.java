package org.discardsearch.archives.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes the tools' reports as pretty-printed JSON (Gson, which DJL's api brings). Records map to
 * objects by component name; NaN and infinite numbers are written as {@code NaN} and {@code Infinity}.
 */
public final class JsonFiles {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .disableHtmlEscaping().create();

    private JsonFiles() {}

    /**
     * Writes a value, replacing the file and creating its folder.
     *
     * @param value the value
     * @param file the file
     * @throws IOException if it cannot be written
     */
    public static void write(Object value, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            GSON.toJson(value, out);
            out.write('\n');
        }
    }

    /**
     * Reads a value.
     *
     * @param file the file
     * @param type the value's class
     * @param <T> the type
     * @return the value
     * @throws IOException if the file cannot be read or is not valid JSON for the type; the message names the file
     */
    public static <T> T read(Path file, Class<T> type) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            T value = GSON.fromJson(in, type);
            if (value == null) {
                throw new IOException("Empty JSON file: " + file + "; expected a " + type.getSimpleName());
            }
            return value;
        } catch (JsonParseException e) {
            throw new IOException("Invalid JSON in " + file + ": " + e.getMessage() + "; expected a "
                    + type.getSimpleName(), e);
        }
    }
}
