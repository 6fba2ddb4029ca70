package org.discardsearch.plugin.dist;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Lays out the plugin's distribution like a DJL Serving home, as the build's {@code package} phase runs it:
 * <ul>
 *   <li>{@code plugins/} the plugin jar alone;</li>
 *   <li>{@code deps/} the translators jar (copied there by the build, not by this class);</li>
 *   <li>{@code models/<name>/} each committed archive, to serve as a bare model;</li>
 *   <li>{@code workflows/<name>/} the same archive with a {@code workflow.json} that serves it with discard
 *       search on, under the archive's name: deployed instead of the bare model, it answers both arms (see
 *       {@link #workflow(String)}).</li>
 * </ul>
 * No archives yet is not an error: {@code models/} and {@code workflows/} stay empty.
 */
public final class DistLayout {

    /** The file a DJL Serving model-store folder names to be loaded as a workflow. */
    public static final String WORKFLOW_FILE = "workflow.json";

    private static final String PROPERTIES = "serving.properties";

    private DistLayout() {
    }

    /**
     * Builds the layout.
     *
     * @param args the plugin jar, the folder of committed archives (may be absent), the distribution folder
     * @throws IOException if a file cannot be copied or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("Usage: DistLayout <plugin jar> <archives folder> <dist folder>");
        }
        List<String> archives = write(Paths.get(args[0]), Paths.get(args[1]), Paths.get(args[2]));
        System.out.println("discard-search dist: " + args[2] + " with archives " + archives);
    }

    /**
     * Builds the layout.
     *
     * @param pluginJar the packaged plugin jar
     * @param archivesDir the folder whose sub-folders with a {@code serving.properties} are archives; may be
     *     absent
     * @param dist the distribution folder; its {@code plugins}, {@code models} and {@code workflows} are
     *     replaced, {@code deps} is left alone
     * @return the names of the archives laid out, sorted
     * @throws IOException if a file cannot be copied or written
     */
    public static List<String> write(Path pluginJar, Path archivesDir, Path dist) throws IOException {
        for (String folder : List.of("plugins", "models", "workflows")) {
            deleteTree(dist.resolve(folder));
            Files.createDirectories(dist.resolve(folder));
        }
        Files.copy(pluginJar, dist.resolve("plugins").resolve(pluginJar.getFileName()));
        List<String> names = new ArrayList<>();
        if (Files.isDirectory(archivesDir)) {
            try (Stream<Path> children = Files.list(archivesDir)) {
                for (Path archive : children.sorted().toList()) {
                    if (Files.isRegularFile(archive.resolve(PROPERTIES))) {
                        addArchive(archive, dist);
                        names.add(archive.getFileName().toString());
                    }
                }
            }
        }
        return names;
    }

    /**
     * Adds one archive: {@code models/<name>/}, and {@code workflows/<name>/} with the archive inside and its
     * {@value #WORKFLOW_FILE}.
     *
     * @param archive the archive folder
     * @param dist the distribution folder
     * @throws IOException if a file cannot be copied or written
     */
    public static void addArchive(Path archive, Path dist) throws IOException {
        String name = archive.getFileName().toString();
        copyTree(archive, dist.resolve("models").resolve(name));
        Path workflowDir = dist.resolve("workflows").resolve(name);
        copyTree(archive, workflowDir.resolve(name));
        Files.writeString(workflowDir.resolve(WORKFLOW_FILE), workflow(name), StandardCharsets.UTF_8);
    }

    /**
     * Returns the workflow of an archive. It declares the archive, from the folder beside it, as one model
     * named {@code discard-search} with {@code discardSearch.enabled=true} over whatever the archive's own
     * {@code serving.properties} says, and sends every request to it. The vanilla variant is that same loaded
     * model asked for budget 1 (header {@code X-Discard-Search-Budget: 1}, which the plugin's vanilla arm
     * sends), so both arms answer under the workflow's one name without loading the weights twice.
     *
     * @param name the archive's name, also the workflow's
     * @return the JSON text
     */
    public static String workflow(String name) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("modelUrl", "{model_dir}/" + name);
        model.put("arguments", Map.of("discardSearch.enabled", "true"));
        Map<String, Object> workflow = new LinkedHashMap<>();
        workflow.put("name", name);
        workflow.put("models", Map.of("discard-search", model));
        workflow.put("workflow", Map.of("out", List.of("discard-search", "in")));
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(workflow) + "\n";
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
