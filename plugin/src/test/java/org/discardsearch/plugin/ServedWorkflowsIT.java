package org.discardsearch.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.discardsearch.plugin.dist.DistLayout;
import org.discardsearch.plugin.dist.FileTrees;
import org.discardsearch.plugin.server.DjlServing;
import org.discardsearch.plugin.server.FashionImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's workflows in a real DJL Serving: all three in one model store beside the bare archives,
 * and workflows registered and unregistered by URL. Each workflow must answer with its own archive's network,
 * exactly as that archive served bare does; DJL Serving shares a workflow's model across workflows by name,
 * so a shared name would make them all answer with one network.
 */
class ServedWorkflowsIT {

    private static final Map<String, String> PNG = Map.of("Content-Type", "image/png");

    private static Path dist;
    private static DjlServing server;
    private static FashionImages images;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() throws Exception {
        images = FashionImages.firstTestImages(8);
        dist = Paths.get(System.getProperty(DjlServing.DIST_PROPERTY));
        DjlServing.Builder builder = DjlServing.builder().fromBuild();
        for (String name : ServedArchivesIT.ARCHIVES) {
            builder.optStoreEntry(name, dist.resolve("models").resolve(name));
            builder.optStoreEntry("workflow-" + name, dist.resolve("workflows").resolve(name));
        }
        server = builder.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    /** The answers of a served name to the test images: the predictions and the states, one entry an image. */
    private static List<String> answers(String name) throws Exception {
        List<String> answers = new ArrayList<>();
        for (byte[] png : images.pngs()) {
            HttpResponse<String> response = server.send("POST", "/predictions/" + name, PNG, png);
            assertEquals(200, response.statusCode(), () -> name + ": " + response.body());
            JsonObject answer = ServedArchivesIT.json(response);
            answers.add(answer.get("predictions") + " states=" + answer.get("states"));
        }
        return answers;
    }

    private static Set<String> workflowNames() throws Exception {
        Set<String> names = new LinkedHashSet<>();
        for (JsonElement w : ServedArchivesIT.json(server.get("/workflows")).getAsJsonArray("workflows")) {
            names.add(w.getAsJsonObject().get("workflowName").getAsString());
        }
        return names;
    }

    @Test
    void theThreeWorkflowsTogetherEachAnswerWithTheirOwnArchivesNetwork() throws Exception {
        // A store folder's name, not the name inside its workflow.json, names the workflow, '-' turned into '_'.
        List<String> served = ServedArchivesIT.SERVED_NAMES.stream().map(n -> "workflow_" + n).toList();
        Set<String> names = workflowNames();
        assertTrue(names.containsAll(served), names::toString);
        List<List<String>> byWorkflow = new ArrayList<>();
        for (int i = 0; i < served.size(); i++) {
            List<String> workflow = answers(served.get(i));
            assertEquals(answers(ServedArchivesIT.SERVED_NAMES.get(i)), workflow, ServedArchivesIT.ARCHIVES.get(i));
            byWorkflow.add(workflow);
        }
        assertNotEquals(byWorkflow.get(0), byWorkflow.get(1));
        assertNotEquals(byWorkflow.get(1), byWorkflow.get(2));
        assertNotEquals(byWorkflow.get(0), byWorkflow.get(2));

        // The plugin finds a workflow's discard-search model and tests it like a bare archive.
        HttpResponse<String> shadow = server.send("POST", "/discard-search/ab/" + served.get(1),
                Map.of("Content-Type", "image/png", "X-Discard-Search-Shadow", "true"), images.pngs().get(0));
        assertEquals(200, shadow.statusCode(), shadow::body);
        JsonObject arms = ServedArchivesIT.json(shadow).getAsJsonObject("arms");
        assertEquals(1, arms.getAsJsonObject("vanilla").getAsJsonObject("answer").get("states").getAsInt());
        assertEquals(byWorkflow.get(1).get(0), arms.getAsJsonObject("search").getAsJsonObject("answer")
                .get("predictions") + " states=" + arms.getAsJsonObject("search").getAsJsonObject("answer").get("states"));
    }

    @Test
    void workflowsRegisteredAndUnregisteredByUrlLeaveTheOthersServing() throws Exception {
        List<String> s2 = answers(ServedArchivesIT.SERVED_NAMES.get(2));
        List<String> mobilenet = answers(ServedArchivesIT.SERVED_NAMES.get(0));
        register(workflow("extra-a", ServedArchivesIT.ARCHIVES.get(2)));
        register(workflow("extra-b", ServedArchivesIT.ARCHIVES.get(0)));
        assertEquals(s2, answers("extra-a"));
        assertEquals(mobilenet, answers("extra-b"));

        HttpResponse<String> removed = server.send("DELETE", "/workflows/extra-a", Map.of(), new byte[0]);
        assertEquals(200, removed.statusCode(), removed::body);
        assertEquals(404, server.send("POST", "/predictions/extra-a", PNG, images.pngs().get(0)).statusCode());
        assertEquals(mobilenet, answers("extra-b"));
        for (String name : ServedArchivesIT.SERVED_NAMES) {
            answers("workflow_" + name);
        }
        register(workflow("extra-c", ServedArchivesIT.ARCHIVES.get(2)));
        assertEquals(s2, answers("extra-c"));
        for (String name : List.of("extra-b", "extra-c")) {
            assertEquals(200, server.send("DELETE", "/workflows/" + name, Map.of(), new byte[0]).statusCode());
        }
        assertEquals(s2, answers(ServedArchivesIT.SERVED_NAMES.get(2)));
    }

    /** Writes a workflow named {@code name} over a copy of a committed archive, as the distribution does. */
    private Path workflow(String name, String archive) throws IOException {
        Path folder = temp.resolve(name);
        FileTrees.copy(dist.resolve("models").resolve(archive), folder.resolve(name));
        Path file = folder.resolve(DistLayout.WORKFLOW_FILE);
        Files.writeString(file, DistLayout.workflow(name), StandardCharsets.UTF_8);
        return file;
    }

    private static void register(Path workflowFile) throws Exception {
        HttpResponse<String> response = server.send("POST", "/workflows?url="
                + URLEncoder.encode(workflowFile.toUri().toString(), StandardCharsets.UTF_8) + "&synchronous=true",
                Map.of(), new byte[0]);
        assertEquals(200, response.statusCode(), response::body);
    }
}
