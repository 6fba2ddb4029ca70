package org.discardsearch.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.discardsearch.djl.TinyArchive;
import org.discardsearch.plugin.dist.DistLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built distribution ({@code plugin/target/dist}) as a DJL Serving home: which jars sit where, that
 * {@code models/} and {@code workflows/} hold every archive committed under {@code model-archives/archives/}, the
 * workflow of each archive, and that each archive in {@code models/} loads with plain {@code Criteria} in a
 * JVM that has only DJL and the engine on its classpath and our jars only in {@code deps/}, where a request
 * with the budget header at 1 gets exactly the vanilla answer. Without committed archives yet, the tiny
 * archive is laid out the same way and checked instead.
 */
class DistArchivesIT {

    private static final Path DIST = Paths.get(System.getProperty("dist.dir"));
    private static final Path COMMITTED = Paths.get(System.getProperty("archives.dir"));

    @TempDir
    Path temp;

    private static List<Path> children(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    private static List<String> names(List<Path> folders) {
        return folders.stream().map(p -> p.getFileName().toString()).toList();
    }

    @Test
    void pluginsHoldsOnlyThePluginJarAndDepsOnlyTheTranslatorsJar() throws IOException {
        List<Path> plugins = children(DIST.resolve("plugins"));
        assertEquals(1, plugins.size(), plugins::toString);
        assertEquals(Paths.get(System.getProperty("plugin.jar")).getFileName(), plugins.get(0).getFileName());
        List<Path> deps = children(DIST.resolve("deps"));
        assertEquals(1, deps.size(), deps::toString);
        assertTrue(deps.get(0).getFileName().toString().startsWith("discard-search-translators-"), deps::toString);
    }

    @Test
    void modelsAndWorkflowsHoldEveryCommittedArchive() throws IOException {
        List<String> committed = List.of();
        if (Files.isDirectory(COMMITTED)) {
            committed = names(children(COMMITTED).stream()
                    .filter(p -> Files.isRegularFile(p.resolve("serving.properties"))).toList());
        }
        assertEquals(committed, names(children(DIST.resolve("models"))), "models/ against " + COMMITTED);
        assertEquals(committed, names(children(DIST.resolve("workflows"))), "workflows/ against " + COMMITTED);
    }

    @Test
    void everyArchiveHasAWorkflowAndServesVanillaAtBudgetOneFromDepsAlone() throws Exception {
        Path dist = DIST;
        List<Path> archives = children(dist.resolve("models"));
        if (archives.isEmpty()) {
            dist = temp.resolve("dist");
            Files.createDirectories(dist.resolve("models"));
            Files.createDirectories(dist.resolve("workflows"));
            DistLayout.addArchive(TinyArchive.write(temp.resolve(TinyArchive.NAME), Map.of()), dist);
            archives = children(dist.resolve("models"));
        }
        List<Path> images = new ArrayList<>();
        for (int seed = 1; seed <= 3; seed++) {
            images.add(Files.write(temp.resolve("image" + seed + ".png"), TinyArchive.png(seed)));
        }
        for (Path archive : archives) {
            checkWorkflow(dist, archive.getFileName().toString());
            checkAnswers(archive, probe(archive, DIST.resolve("deps"), images), images.size());
        }
    }

    private static void checkWorkflow(Path dist, String name) throws IOException {
        Path folder = dist.resolve("workflows").resolve(name);
        JsonObject workflow = JsonParser.parseString(Files.readString(folder.resolve(DistLayout.WORKFLOW_FILE)))
                .getAsJsonObject();
        assertEquals(name, workflow.get("name").getAsString());
        JsonObject models = workflow.getAsJsonObject("models");
        assertEquals(1, models.size(), models::toString);
        JsonObject model = models.getAsJsonObject(name);
        assertEquals("{model_dir}/" + name, model.get("modelUrl").getAsString());
        assertEquals(null, model.get("arguments"), "the archive's serving.properties decides, not the workflow");
        assertEquals("[\"" + name + "\",\"in\"]", workflow.getAsJsonObject("workflow").get("out").toString());
        assertTrue(Files.isRegularFile(folder.resolve(name).resolve("serving.properties")), folder::toString);
    }

    private static void checkAnswers(Path archive, List<String> lines, int images) {
        assertEquals("isolated", lines.get(0), lines::toString);
        assertEquals(1 + 3 * images, lines.size(), lines::toString);
        for (int i = 0; i < images; i++) {
            JsonObject search = JsonParser.parseString(lines.get(1 + 3 * i)).getAsJsonObject();
            JsonObject budgetOne = JsonParser.parseString(lines.get(2 + 3 * i)).getAsJsonObject();
            JsonObject vanilla = JsonParser.parseString(lines.get(3 + 3 * i)).getAsJsonObject();
            assertEquals(vanilla.get("predictions"), budgetOne.get("predictions"), archive + ": budget 1 is vanilla");
            assertEquals(1, budgetOne.get("states").getAsInt());
            assertEquals(1, vanilla.get("states").getAsInt());
            assertTrue(search.get("states").getAsInt() >= 1);
        }
    }

    /** Runs {@link DistProbe} in a JVM whose classpath is this one's minus every discard-search artifact. */
    private static List<String> probe(Path archive, Path deps, List<Path> images) throws Exception {
        List<String> classpath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Paths.get(entry);
            boolean ours = path.getFileName().toString().startsWith("discard-search-")
                    || entry.contains(File.separator + "translators" + File.separator)
                    || entry.endsWith("classes") && !entry.endsWith("test-classes");
            if (!ours) {
                classpath.add(entry);
            }
        }
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx2g", "-Dai.djl.offline=true",
                "-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.logFile=System.err",
                "-Dslf4j.provider=" + System.getProperty("slf4j.provider"),
                "-cp", String.join(File.pathSeparator, classpath), DistProbe.class.getName(),
                archive.toString(), deps.toString()));
        images.forEach(p -> command.add(p.toString()));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "probe timed out");
        assertEquals(0, process.exitValue(), out);
        return out.lines().toList();
    }
}
