package org.discardsearch.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import org.discardsearch.plugin.dist.FileTrees;
import org.discardsearch.plugin.server.DjlServing;
import org.discardsearch.plugin.server.FashionImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real DJL Serving with the plugin and no models, and what it does with a broken archive: refused when
 * registered by URL, with a message that names the key, the value and the allowed range, the server serving
 * on; and in the model store at start-up, where DJL Serving stops with that message in its log.
 */
class ServerWithoutModelsIT {

    /** The broken key, value and what the message must say is allowed. */
    private static final String BROKEN_KEY = "discardSearch.budget";

    @TempDir
    Path temp;

    private Path brokenArchive() throws IOException {
        Path dist = Paths.get(System.getProperty(DjlServing.DIST_PROPERTY));
        Path archive = temp.resolve("broken-budget");
        FileTrees.copy(dist.resolve("models").resolve("compact-resnet-w16-s1"), archive);
        Path properties = archive.resolve("serving.properties");
        Files.writeString(properties, Files.readString(properties).replace(BROKEN_KEY + "=4", BROKEN_KEY + "=0"));
        return archive;
    }

    private static void assertNamesKeyValueAndRange(String text) {
        assertTrue(text.contains("Invalid value '0' for " + BROKEN_KEY + "; allowed: an integer in [1, "), text);
    }

    @Test
    void thePluginAnswersWithoutModelsAndABrokenArchiveByUrlIsRefusedWithItsReason() throws Exception {
        byte[] image = FashionImages.firstTestImages(1).pngs().get(0);
        try (DjlServing server = DjlServing.builder().fromBuild().start()) {
            HttpResponse<String> models = server.get("/discard-search/models");
            assertEquals(200, models.statusCode(), models::body);
            assertEquals(0, ServedArchivesIT.json(models).getAsJsonArray("models").size(), models::body);
            HttpResponse<String> ab = server.send("POST", "/discard-search/ab/anything",
                    Map.of("Content-Type", "image/png"), image);
            assertEquals(404, ab.statusCode(), ab::body);
            assertTrue(ab.body().contains("(none)"), ab::body);

            HttpResponse<String> refused = server.send("POST", "/models?synchronous=true&model_name=broken&url="
                    + URLEncoder.encode(brokenArchive().toUri().toString(), StandardCharsets.UTF_8), Map.of(),
                    new byte[0]);
            assertNotEquals(200, refused.statusCode(), refused::body);
            assertNamesKeyValueAndRange(ServedArchivesIT.json(refused).get("message").getAsString());
            assertEquals(200, server.get("/ping").statusCode(), "the server serves on");
            assertEquals(404, server.send("POST", "/predictions/broken", Map.of("Content-Type", "image/png"),
                    image).statusCode());
        }
    }

    @Test
    void aBrokenArchiveInTheModelStoreStopsTheServerWithItsReasonInTheLog() throws Exception {
        try (DjlServing server = DjlServing.builder().fromBuild().optStoreEntry("broken-budget", brokenArchive())
                .launch()) {
            int status = server.awaitExit(Duration.ofMinutes(3));
            assertNotEquals(0, status);
            assertNamesKeyValueAndRange(server.log());
        }
    }
}
