package org.discardsearch.plugin.dist;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
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
 *   <li>{@code workflows/<name>/} the same archive with a {@code workflow.json} that serves it as a DJL Serving
 *       workflow named after the archive (see {@link #workflow(String)}).</li>
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
            FileTrees.delete(dist.resolve(folder));
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
        FileTrees.copy(archive, dist.resolve("models").resolve(name));
        Path workflowDir = dist.resolve("workflows").resolve(name);
        FileTrees.copy(archive, workflowDir.resolve(name));
        Files.writeString(workflowDir.resolve(WORKFLOW_FILE), workflow(name), StandardCharsets.UTF_8);
    }

    /**
     * Returns the workflow of an archive: one model, the archive folder beside the file, that every request goes
     * to. The model is named after the archive because DJL Serving shares a workflow's model by name and
     * version across all workflows it serves: one fixed name would make every workflow answer with whichever
     * archive loaded first. It carries no arguments, because the archive's own {@code serving.properties} wins
     * over a workflow's arguments in DJL Serving; the archive's keys decide how it is served, in a workflow as
     * bare.
     *
     * @param name the archive's name, also the workflow's and its model's
     * @return the JSON text
     */
    public static String workflow(String name) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("modelUrl", "{model_dir}/" + name);
        Map<String, Object> workflow = new LinkedHashMap<>();
        workflow.put("name", name);
        workflow.put("models", Map.of(name, model));
        workflow.put("workflow", Map.of("out", List.of(name, "in")));
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(workflow) + "\n";
    }
}
