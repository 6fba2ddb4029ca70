package org.discardsearch.plugin;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
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
 * What the real server in {@link ServedArchivesIT} cannot show, on real Netty objects and a real tiny model:
 * which requests the handler claims, and a served model that uses another translator (the server here serves
 * only our archives). Requests go through an {@link EmbeddedChannel} whose one handler dispatches the way DJL
 * Serving's plugin handler does.
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
    void aServedModelWithAnotherTranslatorIsNotOneToTest() throws IOException {
        assertError(400, "does not use discard search", image("/discard-search/ab/other", 1));
        assertError(404, "served models that use discard search: tiny", image("/discard-search/ab/nope", 1));
    }

    @Test
    void theConstructorConnectsToNothingAndCannotFail() {
        assertDoesNotThrow(() -> new DiscardSearchRequestHandler());
    }

    private static void assertError(int status, String fragment, Reply reply) {
        assertEquals(status, reply.status(), reply.body());
        JsonObject json = reply.json();
        assertEquals(status, json.get("code").getAsInt());
        assertTrue(json.get("message").getAsString().contains(fragment), reply.body());
    }
}
