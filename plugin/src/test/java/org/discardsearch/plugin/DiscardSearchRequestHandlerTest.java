package org.discardsearch.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.discardsearch.djl.TinyArchive;
import org.discardsearch.stats.ArmAssignment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin's HTTP behaviour on real Netty objects and a real tiny model: requests go through an
 * {@link EmbeddedChannel} whose one handler dispatches the way DJL Serving's plugin handler does.
 */
class DiscardSearchRequestHandlerTest {

    @TempDir
    static Path dir;

    private static ZooModel<Input, Output> tiny;
    private EmbeddedChannel channel;
    private DiscardSearchRequestHandler handler;

    @BeforeAll
    static void loadTinyArchive() throws Exception {
        Path archive = TinyArchive.write(dir.resolve("tiny"), Map.of());
        tiny = Criteria.builder().setTypes(Input.class, Output.class).optModelPath(archive).build().loadModel();
    }

    @AfterAll
    static void closeModel() {
        tiny.close();
    }

    @BeforeEach
    void newServer() {
        LoadedModelGateway gateway = new LoadedModelGateway().serve("tiny", tiny)
                .list("other", Map.of("translatorFactory", "ai.djl.translate.NoopServingTranslatorFactory"));
        handler = new DiscardSearchRequestHandler(() -> gateway);
        channel = channel(handler);
    }

    /** A channel whose handler passes claimed requests to the plugin as DJL Serving does, then releases them. */
    private static EmbeddedChannel channel(DiscardSearchRequestHandler plugin) {
        return new EmbeddedChannel(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                FullHttpRequest req = (FullHttpRequest) msg;
                try {
                    assertTrue(plugin.acceptInboundMessage(req), req.uri());
                    QueryStringDecoder decoder = new QueryStringDecoder(req.uri());
                    assertNull(plugin.handleRequest(ctx, req, decoder, decoder.path().split("/")));
                } finally {
                    req.release();
                }
            }
        });
    }

    private static FullHttpRequest request(HttpMethod method, String uri, byte[] body, String... headers) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri,
                Unpooled.wrappedBuffer(body));
        for (int i = 0; i < headers.length; i += 2) {
            req.headers().set(headers[i], headers[i + 1]);
        }
        req.headers().set("Content-Length", body.length);
        return req;
    }

    private Reply send(HttpMethod method, String uri, byte[] body, String... headers) {
        channel.writeInbound(request(method, uri, body, headers));
        FullHttpResponse response = channel.readOutbound();
        assertNotNull(response, "no answer to " + method + " " + uri);
        try {
            return new Reply(response.status().code(), response.headers().get("Content-Type"),
                    response.content().toString(StandardCharsets.UTF_8), response.headers().get("X-Discard-Search-Arm"),
                    response.headers().get("Allow"), response.headers().get("Content-Security-Policy"));
        } finally {
            response.release();
        }
    }

    private Reply image(String uri, int seed, String... headers) throws IOException {
        return send(HttpMethod.POST, uri, TinyArchive.png(seed), headers);
    }

    private record Reply(int status, String contentType, String body, String arm, String allow, String policy) {
        JsonObject json() {
            return JsonParser.parseString(body).getAsJsonObject();
        }
    }

    @Test
    void claimsOnlyItsOwnPrefix() {
        assertTrue(handler.acceptInboundMessage(request(HttpMethod.GET, "/discard-search/models", new byte[0])));
        assertTrue(handler.acceptInboundMessage(request(HttpMethod.GET, "/discard-search", new byte[0])));
        assertFalse(handler.acceptInboundMessage(request(HttpMethod.POST, "/predictions/tiny", new byte[0])));
        assertFalse(handler.acceptInboundMessage(request(HttpMethod.GET, "/discard-searchx/models", new byte[0])));
        assertFalse(handler.acceptInboundMessage(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                "/discard-search/models")));
        assertFalse(handler.acceptInboundMessage("/discard-search/models"));
    }

    @Test
    void listsTheDiscardSearchModelsWithTheirEffectiveConfiguration() {
        Reply reply = send(HttpMethod.GET, "/discard-search/models", new byte[0]);
        assertEquals(200, reply.status());
        assertTrue(reply.contentType().startsWith("application/json"), reply.contentType());
        JsonArray models = reply.json().getAsJsonArray("models");
        assertEquals(1, models.size(), reply.body());
        JsonObject model = models.get(0).getAsJsonObject();
        assertEquals("tiny", model.get("name").getAsString());
        assertEquals("8", model.getAsJsonObject("discardSearch").get("discardSearch.budget").getAsString());
        assertEquals("0.5", model.getAsJsonObject("ab").get("discardSearch.abSearchFraction").getAsString());
        assertEquals("compact-resnet", model.getAsJsonObject("model").get("architecture").getAsString());
    }

    @Test
    void theVanillaArmRunsTheSameModelAtBudgetOne() throws IOException {
        Reply reply = image("/discard-search/ab/tiny", 1, "X-Request-Id", "r-1", "X-Discard-Search-Arm", "vanilla");
        assertEquals(200, reply.status(), reply.body());
        JsonObject json = reply.json();
        assertEquals("vanilla", json.get("arm").getAsString());
        assertEquals("vanilla", reply.arm());
        assertEquals("forced", json.get("routing").getAsString());
        assertEquals("r-1", json.get("id").getAsString());
        assertEquals(1, json.getAsJsonObject("answer").get("budget").getAsInt());
        assertEquals(1, json.getAsJsonObject("answer").get("states").getAsInt());
        assertTrue(json.get("latencyMillis").getAsDouble() >= 0);
    }

    @Test
    void theSearchArmRunsAtTheArchivesBudgetOrTheClientsOwn() throws IOException {
        JsonObject json = image("/discard-search/ab/tiny", 1, "x-discard-search-arm", "search").json();
        assertEquals(8, json.getAsJsonObject("answer").get("states").getAsInt());
        assertEquals(36, json.get("id").getAsString().length(), "a generated UUID");
        JsonObject asked = image("/discard-search/ab/tiny", 1, "x-discard-search-arm", "search",
                "X-Discard-Search-Budget", "4").json();
        assertEquals(4, asked.getAsJsonObject("answer").get("states").getAsInt());
    }

    @Test
    void withoutAForcedArmTheIdsStableHashDecides() throws IOException {
        ArmAssignment split = new ArmAssignment(0.5);
        for (int i = 0; i < 6; i++) {
            String id = "user-" + i;
            String expected = split.assign(id).label();
            assertEquals(expected, image("/discard-search/ab/tiny", 2, "X-Request-Id", id).arm());
            JsonObject again = image("/discard-search/ab/tiny", 3, "X-Request-Id", id).json();
            assertEquals(expected, again.get("arm").getAsString());
            assertEquals("split", again.get("routing").getAsString());
        }
    }

    @Test
    void shadowModeAnswersBothArmsAndTheReportPairsThem() throws IOException {
        Reply reply = image("/discard-search/ab/tiny?shadow=true", 4, "X-Request-Id", "s-1");
        assertEquals(200, reply.status(), reply.body());
        assertEquals("vanilla,search", reply.arm());
        JsonObject arms = reply.json().getAsJsonObject("arms");
        assertEquals(1, arms.getAsJsonObject("vanilla").getAsJsonObject("answer").get("states").getAsInt());
        assertEquals(8, arms.getAsJsonObject("search").getAsJsonObject("answer").get("states").getAsInt());
        int truth = arms.getAsJsonObject("search").getAsJsonObject("answer").getAsJsonArray("predictions").get(0)
                .getAsJsonObject().get("index").getAsInt();
        assertEquals(200, send(HttpMethod.POST, "/discard-search/ab/tiny/feedback?id=s-1&label=" + truth,
                new byte[0]).status());
        JsonObject report = send(HttpMethod.GET, "/discard-search/ab/tiny/report", new byte[0]).json();
        JsonObject paired = report.getAsJsonObject("paired");
        assertEquals(1, paired.get("count").getAsInt());
        assertEquals(1, paired.get("labelled").getAsInt());
        assertEquals(1.0, report.getAsJsonObject("arms").getAsJsonObject("search").get("accuracy").getAsDouble());
    }

    @Test
    void feedbackLabelsAnEarlierRequestOnceAndTheReportCountsIt() throws IOException {
        JsonObject answer = image("/discard-search/ab/tiny", 5, "X-Request-Id", "f-1", "X-Discard-Search-Arm",
                "vanilla").json();
        int predicted = answer.getAsJsonObject("answer").getAsJsonArray("predictions").get(0).getAsJsonObject()
                .get("index").getAsInt();
        int wrong = (predicted + 1) % 10;
        byte[] body = ("{\"id\": \"f-1\", \"label\": " + wrong + "}").getBytes(StandardCharsets.UTF_8);
        Reply first = send(HttpMethod.POST, "/discard-search/ab/tiny/feedback", body);
        assertEquals(200, first.status(), first.body());
        assertTrue(first.json().get("recorded").getAsBoolean());
        Reply second = send(HttpMethod.POST, "/discard-search/ab/tiny/feedback", body);
        assertEquals(404, second.status());
        assertTrue(second.json().get("message").getAsString().contains("f-1"), second.body());
        JsonObject vanilla = send(HttpMethod.GET, "/discard-search/ab/tiny/report?format=json", new byte[0]).json()
                .getAsJsonObject("arms").getAsJsonObject("vanilla");
        assertEquals(1, vanilla.get("count").getAsInt());
        assertEquals(1, vanilla.get("labelled").getAsInt());
        assertEquals(0.0, vanilla.get("accuracy").getAsDouble());
        assertTrue(vanilla.getAsJsonObject("latencyMillis").get("p99").getAsDouble() >= 0);
    }

    @Test
    void theReportIsAnHtmlPageWithAChartAndNoScriptsWhenAskedFor() throws IOException {
        image("/discard-search/ab/tiny", 6, "X-Discard-Search-Arm", "search");
        for (String[] ask : new String[][] {{"/discard-search/ab/tiny/report?format=html"},
            {"/discard-search/ab/tiny/report", "Accept", "text/html,application/xhtml+xml"}}) {
            String[] headers = java.util.Arrays.copyOfRange(ask, 1, ask.length);
            Reply page = send(HttpMethod.GET, ask[0], new byte[0], headers);
            assertEquals(200, page.status());
            assertTrue(page.contentType().startsWith("text/html"), page.contentType());
            assertEquals(Exchange.REPORT_PAGE_POLICY, page.policy());
            assertTrue(page.body().contains("<svg") && page.body().contains("A/B report: tiny"), page.body());
            assertFalse(page.body().contains("<script"));
        }
        Reply json = send(HttpMethod.GET, "/discard-search/ab/tiny/report", new byte[0], "Accept", "application/json");
        assertEquals(1, json.json().getAsJsonObject("arms").getAsJsonObject("search").get("count").getAsInt());
    }

    @Test
    void clientMistakesGetClearFourHundreds() throws IOException {
        assertError(404, "Unknown model 'nope'", image("/discard-search/ab/nope", 1));
        assertError(404, "tiny", image("/discard-search/ab/nope", 1));
        assertError(400, "does not use discard search", image("/discard-search/ab/other", 1));
        assertError(400, "Missing body", send(HttpMethod.POST, "/discard-search/ab/tiny", new byte[0]));
        assertError(400, "x-request-id", image("/discard-search/ab/tiny", 1, "X-Request-Id", "no spaces"));
        assertError(400, "x-discard-search-arm", image("/discard-search/ab/tiny", 1, "X-Discard-Search-Arm", "b"));
        assertError(400, "x-discard-search-shadow", image("/discard-search/ab/tiny?shadow=maybe", 1));
        assertError(400, "request budget", image("/discard-search/ab/tiny", 1, "X-Discard-Search-Arm", "search",
                "X-Discard-Search-Budget", "31"));
        assertError(400, "Image rejected", send(HttpMethod.POST, "/discard-search/ab/tiny",
                "not an image".getBytes(StandardCharsets.UTF_8)));
        assertError(400, "[0, 9]", send(HttpMethod.POST, "/discard-search/ab/tiny/feedback?id=a&label=10",
                new byte[0]));
        assertError(400, "label", send(HttpMethod.POST, "/discard-search/ab/tiny/feedback?id=a&label=cat",
                new byte[0]));
        assertError(400, "format", send(HttpMethod.GET, "/discard-search/ab/tiny/report?format=pdf", new byte[0]));
        assertError(404, "endpoints", send(HttpMethod.GET, "/discard-search/ab/tiny/other", new byte[0]));
        assertError(404, "endpoints", send(HttpMethod.GET, "/discard-search", new byte[0]));
        Reply wrongMethod = send(HttpMethod.GET, "/discard-search/ab/tiny", new byte[0]);
        assertError(405, "GET", wrongMethod);
        assertEquals("POST", wrongMethod.allow());
    }

    @Test
    void aServerWithoutModelsAnswersServiceUnavailableAndTheConstructorNeverThrows() {
        // The real constructor: in this JVM DJL Serving is only a compile-time stand-in, so connecting fails.
        EmbeddedChannel noServer = channel(new DiscardSearchRequestHandler());
        noServer.writeInbound(request(HttpMethod.GET, "/discard-search/models", new byte[0]));
        FullHttpResponse response = noServer.readOutbound();
        try {
            assertEquals(503, response.status().code());
            assertTrue(response.content().toString(StandardCharsets.UTF_8).contains("cannot reach"));
        } finally {
            response.release();
        }
    }

    private static void assertError(int status, String fragment, Reply reply) {
        assertEquals(status, reply.status(), reply.body());
        JsonObject json = reply.json();
        assertEquals(status, json.get("code").getAsInt());
        assertTrue(json.get("message").getAsString().contains(fragment), reply.body());
    }
}
