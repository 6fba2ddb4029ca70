package org.discardsearch.plugin;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executor;
import org.discardsearch.ab.AbJson;

/**
 * One request's way back to its client. It keeps what the answer needs from the request (version,
 * keep-alive), because the server releases the request when the handler returns, before an asynchronous
 * answer is ready. Writing is safe from any thread.
 *
 * @param ctx the channel context
 * @param version the request's HTTP version
 * @param keepAlive whether the connection stays open after the answer
 */
record Exchange(ChannelHandlerContext ctx, HttpVersion version, boolean keepAlive) {

    /** Pretty JSON that keeps nulls (undefined statistics) and does not escape HTML characters. */
    static final Gson GSON = new GsonBuilder().serializeNulls().disableHtmlEscaping().setPrettyPrinting().create();

    /** Only inline styles may run in the report page: no scripts, no external resources. */
    static final String REPORT_PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'";

    /**
     * Captures a request.
     *
     * @param ctx the channel context
     * @param request the request
     * @return the exchange
     */
    static Exchange of(ChannelHandlerContext ctx, FullHttpRequest request) {
        return new Exchange(ctx, request.protocolVersion(), HttpUtil.isKeepAlive(request));
    }

    /**
     * Returns the connection's event loop, where answers are best prepared and written.
     *
     * @return the executor
     */
    Executor executor() {
        return ctx.executor();
    }

    /**
     * Answers with JSON.
     *
     * @param status the status
     * @param body a JSON-ready value
     * @param headers extra headers
     */
    void json(int status, Object body, Map<String, String> headers) {
        send(status, "application/json; charset=utf-8", GSON.toJson(body), headers);
    }

    /**
     * Answers with an HTML page under {@link #REPORT_PAGE_POLICY}.
     *
     * @param html the page
     */
    void html(String html) {
        send(200, "text/html; charset=utf-8", html, Map.of("Content-Security-Policy", REPORT_PAGE_POLICY));
    }

    /**
     * Answers with an error as JSON: {@code {"code": status, "message": ..}}.
     *
     * @param status the status
     * @param message the user-facing message
     * @param headers extra headers
     */
    void error(int status, String message, Map<String, String> headers) {
        json(status, AbJson.error(status, message), headers);
    }

    private void send(int status, String contentType, String body, Map<String, String> headers) {
        FullHttpResponse response = new DefaultFullHttpResponse(version, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8)));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        headers.forEach((name, value) -> response.headers().set(name, value));
        HttpUtil.setContentLength(response, response.content().readableBytes());
        if (keepAlive) {
            HttpUtil.setKeepAlive(response, true);
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
