package org.discardsearch.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.discardsearch.plugin.dist.FileTrees;
import org.discardsearch.plugin.server.DjlServing;
import org.discardsearch.plugin.server.FashionImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed archives in a real DJL Serving 0.36.0 with the plugin, as a user deploys them: the archive
 * folders in the model store, our jars in {@code plugins/} and {@code deps/}. One server for the class; models
 * registered by URL are registered under names of their own and removed by the test that adds them.
 */
class ServedArchivesIT {

    /** The committed archives, by the folder name they have in the store. */
    static final List<String> ARCHIVES = List.of("compact-mobilenetv2-w8-s1", "compact-resnet-w16-s1",
            "compact-resnet-w16-s2");

    /** DJL Serving names a store folder after the folder, with {@code -} turned into {@code _}. */
    static final List<String> SERVED_NAMES = List.of("compact_mobilenetv2_w8_s1", "compact_resnet_w16_s1",
            "compact_resnet_w16_s2");

    private static final Map<String, String> PNG = Map.of("Content-Type", "image/png");
    private static final int MAX_REQUEST_BYTES = 1 << 20;

    private static Path dist;
    private static DjlServing server;
    private static FashionImages images;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() throws Exception {
        images = FashionImages.firstTestImages(32);
        dist = Paths.get(System.getProperty(DjlServing.DIST_PROPERTY));
        DjlServing.Builder builder = DjlServing.builder().fromBuild()
                .optConfig("max_request_size", Integer.toString(MAX_REQUEST_BYTES));
        for (String name : ARCHIVES) {
            builder.optStoreEntry(name, archive(name));
        }
        server = builder.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    static Path archive(String name) {
        return dist.resolve("models").resolve(name);
    }

    static Properties servingProperties(Path archive) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(archive.resolve("serving.properties"))) {
            properties.load(in);
        }
        return properties;
    }

    static JsonObject json(HttpResponse<String> response) {
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private static HttpResponse<String> predict(String model, Map<String, String> headers, byte[] body)
            throws Exception {
        return server.send("POST", "/predictions/" + model, headers, body);
    }

    private static JsonObject answer(String model, int image, Map<String, String> headers) throws Exception {
        HttpResponse<String> response = predict(model, headers, images.pngs().get(image));
        assertEquals(200, response.statusCode(), response::body);
        return json(response);
    }

    private static Map<String, String> png(String header, String value) {
        return Map.of("Content-Type", "image/png", header, value);
    }

    @Test
    void storeFoldersAreServedUnderTheNamesTheServerGivesThem() throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonElement model : json(server.get("/models")).getAsJsonArray("models")) {
            names.add(model.getAsJsonObject().get("modelName").getAsString());
        }
        assertEquals(SERVED_NAMES, names.stream().sorted().toList());
        HttpResponse<String> byFolderName = predict("compact-resnet-w16-s1", PNG, images.pngs().get(0));
        assertEquals(404, byFolderName.statusCode(), byFolderName::body);
    }

    @Test
    void eachArchiveSearchesAtItsBudgetAndTheHeaderSetsTheBudgetWithinItsLimits() throws Exception {
        for (int i = 0; i < ARCHIVES.size(); i++) {
            Properties properties = servingProperties(archive(ARCHIVES.get(i)));
            int budget = Integer.parseInt(properties.getProperty("discardSearch.budget"));
            int maxBudget = Integer.parseInt(properties.getProperty("discardSearch.maxBudget"));
            String model = SERVED_NAMES.get(i);

            JsonObject search = answer(model, 0, PNG);
            assertEquals(budget, search.get("budget").getAsInt(), model);
            assertEquals(budget, search.get("states").getAsInt(), model);
            JsonObject vanilla = answer(model, 0, png("X-Discard-Search-Budget", "1"));
            assertEquals(1, vanilla.get("states").getAsInt(), model);
            JsonObject atMax = answer(model, 0, png("X-Discard-Search-Budget", Integer.toString(maxBudget)));
            assertEquals(maxBudget, atMax.get("states").getAsInt(), model);

            HttpResponse<String> above = predict(model, png("X-Discard-Search-Budget",
                    Integer.toString(maxBudget + 1)), images.pngs().get(0));
            assertEquals(400, above.statusCode(), above::body);
            String message = json(above).get("message").getAsString();
            assertTrue(message.contains("'" + (maxBudget + 1) + "'") && message.contains("[1, " + maxBudget + "]"),
                    message);
        }
    }

    @Test
    void badInputGetsAStatusAndAMessageThatNamesWhatWasWrong() throws Exception {
        String model = SERVED_NAMES.get(1);
        HttpResponse<String> corrupt = predict(model, PNG, "not an image".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, corrupt.statusCode(), corrupt::body);
        assertTrue(json(corrupt).get("message").getAsString().contains("expected PNG or JPEG"), corrupt::body);

        HttpResponse<String> empty = predict(model, PNG, new byte[0]);
        assertEquals(400, empty.statusCode(), empty::body);
        assertTrue(json(empty).get("message").getAsString().contains("0 bytes"), empty::body);

        byte[] oversized = new byte[MAX_REQUEST_BYTES + 1];
        assertEquals(413, predict(model, PNG, oversized).statusCode());
        assertEquals(413, server.send("POST", "/discard-search/ab/" + model, PNG, oversized).statusCode());

        // No content type is read as raw bytes; a form content type (curl's default for --data-binary) is parsed
        // as a form by the server before any model sees it, and fails there.
        assertEquals(200, predict(model, Map.of(), images.pngs().get(0)).statusCode());
        HttpResponse<String> form = predict(model, Map.of("Content-Type", "application/x-www-form-urlencoded"),
                images.pngs().get(0));
        assertEquals(500, form.statusCode(), form::body);
        HttpResponse<String> formToPlugin = server.send("POST", "/discard-search/ab/" + model,
                Map.of("Content-Type", "application/x-www-form-urlencoded"), images.pngs().get(0));
        assertEquals(415, formToPlugin.statusCode(), formToPlugin::body);
        assertTrue(json(formToPlugin).get("message").getAsString().contains("Content-Type image/png"),
                formToPlugin::body);

        assertEquals(404, predict("no_such_model", PNG, images.pngs().get(0)).statusCode());
        HttpResponse<String> unknown = server.send("POST", "/discard-search/ab/no_such_model", PNG,
                images.pngs().get(0));
        assertEquals(404, unknown.statusCode(), unknown::body);
        assertTrue(json(unknown).get("message").getAsString().contains(String.join(", ", SERVED_NAMES)),
                unknown::body);
    }

    @Test
    void clientMistakesOnThePluginsEndpointsGetAStatusAndAMessageThatNamesThem() throws Exception {
        String ab = "/discard-search/ab/" + SERVED_NAMES.get(1);
        byte[] image = images.pngs().get(0);
        assertError(400, "Missing body", server.send("POST", ab, PNG, new byte[0]));
        assertError(400, "x-request-id", server.send("POST", ab, png("X-Request-Id", "no spaces"), image));
        assertError(400, "x-discard-search-arm", server.send("POST", ab, png("X-Discard-Search-Arm", "b"), image));
        assertError(400, "x-discard-search-shadow", server.send("POST", ab + "?shadow=maybe", PNG, image));
        assertError(400, "request budget", server.send("POST", ab, Map.of("Content-Type", "image/png",
                "X-Discard-Search-Arm", "search", "X-Discard-Search-Budget", "53"), image));
        assertError(400, "Image rejected", server.send("POST", ab, PNG, "not an image".getBytes(StandardCharsets.UTF_8)));
        assertError(400, "[0, 9]", server.send("POST", ab + "/feedback?id=a&label=10", Map.of(), new byte[0]));
        assertError(400, "label", server.send("POST", ab + "/feedback?id=a&label=cat", Map.of(), new byte[0]));
        assertError(400, "format", server.get(ab + "/report?format=pdf"));
        assertError(404, "endpoints", server.get(ab + "/other"));
        assertError(404, "endpoints", server.get("/discard-search"));
        HttpResponse<String> wrongMethod = server.get(ab);
        assertError(405, "GET", wrongMethod);
        assertEquals("POST", wrongMethod.headers().firstValue("Allow").orElseThrow());
        // Outside the plugin's prefix the server answers by itself.
        assertEquals(404, server.get("/discard-searchx/models").statusCode());
    }

    private static void assertError(int status, String fragment, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response::body);
        JsonObject json = json(response);
        assertEquals(status, json.get("code").getAsInt(), response::body);
        assertTrue(json.get("message").getAsString().contains(fragment), response::body);
    }

    @Test
    void everyPluginEndpointAnswersOnTheServersPort() throws Exception {
        String model = SERVED_NAMES.get(1);
        int budget = Integer.parseInt(servingProperties(archive(ARCHIVES.get(1))).getProperty("discardSearch.budget"));

        List<String> listed = new ArrayList<>();
        for (JsonElement m : json(server.get("/discard-search/models")).getAsJsonArray("models")) {
            listed.add(m.getAsJsonObject().get("name").getAsString());
            assertEquals("READY", m.getAsJsonObject().get("status").getAsString());
        }
        assertEquals(SERVED_NAMES, listed);

        HttpResponse<String> split = server.send("POST", "/discard-search/ab/" + model,
                png("X-Request-Id", "split-1"), images.pngs().get(0));
        assertEquals(200, split.statusCode(), split::body);
        JsonObject splitAnswer = json(split);
        assertEquals("split", splitAnswer.get("routing").getAsString());
        String arm = splitAnswer.get("arm").getAsString();
        assertEquals(arm, split.headers().firstValue("X-Discard-Search-Arm").orElseThrow());
        JsonObject again = json(server.send("POST", "/discard-search/ab/" + model, png("X-Request-Id", "split-1"),
                images.pngs().get(0)));
        assertEquals(arm, again.get("arm").getAsString(), "the same id goes to the same arm");

        JsonObject forcedVanilla = json(server.send("POST", "/discard-search/ab/" + model,
                png("X-Discard-Search-Arm", "vanilla"), images.pngs().get(1)));
        assertEquals("forced", forcedVanilla.get("routing").getAsString());
        assertEquals(1, forcedVanilla.getAsJsonObject("answer").get("states").getAsInt());
        JsonObject forcedSearch = json(server.send("POST", "/discard-search/ab/" + model,
                png("X-Discard-Search-Arm", "search"), images.pngs().get(1)));
        assertEquals(budget, forcedSearch.getAsJsonObject("answer").get("states").getAsInt());

        int labelled = 4;
        for (int i = 0; i < labelled; i++) {
            String id = "shadow-" + i;
            HttpResponse<String> shadow = server.send("POST", "/discard-search/ab/" + model,
                    Map.of("Content-Type", "image/png", "X-Request-Id", id, "X-Discard-Search-Shadow", "true"),
                    images.pngs().get(i));
            assertEquals(200, shadow.statusCode(), shadow::body);
            JsonObject arms = json(shadow).getAsJsonObject("arms");
            assertEquals(1, arms.getAsJsonObject("vanilla").getAsJsonObject("answer").get("states").getAsInt());
            assertEquals(budget, arms.getAsJsonObject("search").getAsJsonObject("answer").get("states").getAsInt());
            HttpResponse<String> feedback = server.send("POST", "/discard-search/ab/" + model + "/feedback",
                    Map.of("Content-Type", "application/json"),
                    ("{\"id\": \"" + id + "\", \"label\": " + images.labels()[i] + "}").getBytes(StandardCharsets.UTF_8));
            assertEquals(200, feedback.statusCode(), feedback::body);
            assertTrue(json(feedback).get("recorded").getAsBoolean());
        }
        HttpResponse<String> unknownId = server.send("POST", "/discard-search/ab/" + model + "/feedback?id="
                + URLEncoder.encode("never-sent", StandardCharsets.UTF_8) + "&label=1", Map.of(), new byte[0]);
        assertEquals(404, unknownId.statusCode(), unknownId::body);

        JsonObject report = json(server.get("/discard-search/ab/" + model + "/report"));
        assertEquals(labelled, report.getAsJsonObject("paired").get("count").getAsInt(), report::toString);
        assertEquals(labelled, report.getAsJsonObject("paired").get("labelled").getAsInt(), report::toString);
        JsonObject searchArm = report.getAsJsonObject("arms").getAsJsonObject("search");
        assertTrue(searchArm.get("count").getAsInt() >= labelled + 1, report::toString);
        assertEquals(labelled, searchArm.get("labelled").getAsInt(), report::toString);

        HttpResponse<String> html = server.get("/discard-search/ab/" + model + "/report?format=html");
        assertEquals(200, html.statusCode());
        assertTrue(html.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertEquals(Exchange.REPORT_PAGE_POLICY, html.headers().firstValue("Content-Security-Policy").orElseThrow());
        assertTrue(html.body().contains(model), "the page names the model");
        assertEquals(405, server.get("/discard-search/ab/" + model).statusCode());
    }

    @Test
    void eachArchiveWithDiscardSearchOffServesExactlyItsBudgetOneAnswerAndThePluginRefusesToTestIt()
            throws Exception {
        for (int a = 0; a < ARCHIVES.size(); a++) {
            Path vanillaArchive = temp.resolve("vanilla-" + ARCHIVES.get(a));
            FileTrees.copy(archive(ARCHIVES.get(a)), vanillaArchive);
            Path properties = vanillaArchive.resolve("serving.properties");
            Files.writeString(properties, Files.readString(properties).replace("discardSearch.enabled=true",
                    "discardSearch.enabled=false"));
            String vanilla = "vanilla_" + a;
            register(vanilla, vanillaArchive, "");
            try {
                for (int i = 0; i < 4; i++) {
                    JsonObject answer = answer(vanilla, i, PNG);
                    assertEquals(1, answer.get("states").getAsInt());
                    JsonObject budgetOne = answer(SERVED_NAMES.get(a), i, png("X-Discard-Search-Budget", "1"));
                    assertEquals(budgetOne.get("predictions"), answer.get("predictions"), ARCHIVES.get(a));
                }
                HttpResponse<String> ab = server.send("POST", "/discard-search/ab/" + vanilla, PNG,
                        images.pngs().get(0));
                assertEquals(400, ab.statusCode(), ab::body);
                assertTrue(json(ab).get("message").getAsString().contains("discardSearch.enabled=false"), ab::body);
            } finally {
                unregister(vanilla);
            }
        }
    }

    @Test
    void aModelRegisteredByUrlAnswersAndItsRemovalLeavesTheOthersServing() throws Exception {
        JsonObject before = answer(SERVED_NAMES.get(2), 3, PNG);
        register("extra", archive(ARCHIVES.get(2)), "");
        assertEquals(before.get("predictions"), answer("extra", 3, PNG).get("predictions"));
        unregister("extra");
        assertEquals(404, predict("extra", PNG, images.pngs().get(3)).statusCode());
        for (String model : SERVED_NAMES) {
            answer(model, 3, PNG);
        }
        assertEquals(before.get("predictions"), answer(SERVED_NAMES.get(2), 3, PNG).get("predictions"));
    }

    @Test
    void dynamicBatchingAnswersConcurrentRequestsAsSequentialOnesInBatches() throws Exception {
        register("batched", archive(ARCHIVES.get(1)), "&batch_size=8&max_batch_delay=200");
        try {
            List<JsonElement> sequential = new ArrayList<>();
            for (int i = 0; i < images.pngs().size(); i++) {
                sequential.add(answer("batched", i, PNG).get("predictions"));
            }
            ExecutorService clients = Executors.newFixedThreadPool(images.pngs().size());
            try {
                List<Future<HttpResponse<String>>> answers = new ArrayList<>();
                for (byte[] png : images.pngs()) {
                    answers.add(clients.submit(() -> predict("batched", PNG, png)));
                }
                for (int i = 0; i < answers.size(); i++) {
                    HttpResponse<String> response = answers.get(i).get();
                    assertEquals(200, response.statusCode(), response::body);
                    assertPredictionsClose(sequential.get(i), json(response).get("predictions"));
                }
            } finally {
                clients.shutdownNow();
            }
            // The server's model_metric log line, e.g. "DynamicBatchSize.Count/Item:8|#Model:batched"
            String log = server.log();
            Matcher batches = Pattern.compile("DynamicBatchSize\\.[^:]*:(\\d+)\\|#Model:batched\\b").matcher(log);
            int largest = 0;
            while (batches.find()) {
                largest = Math.max(largest, Integer.parseInt(batches.group(1)));
            }
            int reported = largest;
            assertTrue(largest > 1 && largest <= 8, () -> "largest dynamic batch: " + reported + "; metric lines: "
                    + log.lines().filter(l -> l.contains("DynamicBatchSize")).toList());
        } finally {
            unregister("batched");
        }
    }

    /** The same classes in the same order, probabilities within float rounding of a batched forward pass. */
    private static void assertPredictionsClose(JsonElement expected, JsonElement actual) {
        JsonArray e = expected.getAsJsonArray();
        JsonArray a = actual.getAsJsonArray();
        assertEquals(e.size(), a.size());
        for (int i = 0; i < e.size(); i++) {
            JsonObject ei = e.get(i).getAsJsonObject();
            JsonObject ai = a.get(i).getAsJsonObject();
            assertEquals(ei.get("index"), ai.get("index"), actual::toString);
            double p = ei.get("probability").getAsDouble();
            assertEquals(p, ai.get("probability").getAsDouble(), 1e-5 + 1e-4 * p, actual::toString);
        }
    }

    private static void register(String name, Path archive, String query) throws Exception {
        HttpResponse<String> response = server.send("POST", "/models?url="
                + URLEncoder.encode(archive.toUri().toString(), StandardCharsets.UTF_8) + "&model_name=" + name
                + "&synchronous=true" + query, Map.of(), new byte[0]);
        assertEquals(200, response.statusCode(), response::body);
    }

    private static void unregister(String name) throws Exception {
        HttpResponse<String> response = server.send("DELETE", "/models/" + name, Map.of(), new byte[0]);
        assertEquals(200, response.statusCode(), response::body);
        assertNotEquals(-1, response.body().indexOf(name), response::body);
    }
}
