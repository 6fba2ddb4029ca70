package org.discardsearch.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.discardsearch.plugin.dist.DistLayout;
import org.junit.jupiter.api.Test;

/**
 * The built distribution ({@code plugin/target/dist}) as a DJL Serving home: which jars sit where, that
 * {@code models/} and {@code workflows/} hold every archive committed under {@code model-archives/archives/},
 * and the workflow of each archive. How the server serves them: {@link ServedArchivesIT},
 * {@link ServedWorkflowsIT}.
 */
class DistArchivesIT {

    private static final Path DIST = Paths.get(System.getProperty("dist.dir"));
    private static final Path COMMITTED = Paths.get(System.getProperty("archives.dir"));

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
        List<String> committed = names(children(COMMITTED).stream()
                .filter(p -> Files.isRegularFile(p.resolve("serving.properties"))).toList());
        assertEquals(ServedArchivesIT.ARCHIVES, committed, "the real-server tests serve every committed archive");
        assertEquals(committed, names(children(DIST.resolve("models"))), "models/ against " + COMMITTED);
        assertEquals(committed, names(children(DIST.resolve("workflows"))), "workflows/ against " + COMMITTED);
    }

    @Test
    void eachWorkflowServesItsArchiveUnderTheArchivesNameWithoutArguments() throws IOException {
        for (String name : names(children(DIST.resolve("workflows")))) {
            Path folder = DIST.resolve("workflows").resolve(name);
            JsonObject workflow = JsonParser.parseString(Files.readString(folder.resolve(DistLayout.WORKFLOW_FILE)))
                    .getAsJsonObject();
            assertEquals(name, workflow.get("name").getAsString());
            JsonObject models = workflow.getAsJsonObject("models");
            assertEquals(1, models.size(), models::toString);
            JsonObject model = models.getAsJsonObject(name);
            assertEquals("{model_dir}/" + name, model.get("modelUrl").getAsString());
            assertNull(model.get("arguments"), "the archive's serving.properties decides, not the workflow");
            assertEquals("[\"" + name + "\",\"in\"]", workflow.getAsJsonObject("workflow").get("out").toString());
            assertTrue(Files.isRegularFile(folder.resolve(name).resolve("serving.properties")), folder::toString);
        }
    }
}
