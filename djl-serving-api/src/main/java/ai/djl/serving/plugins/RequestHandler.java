package ai.djl.serving.plugins;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;

/**
 * Stand-in for DJL Serving 0.36.0's {@code ai.djl.serving.plugins.RequestHandler}, with its exact signatures.
 * Compile only; at run time the server's own interface is used.
 *
 * @param <T> the type of the value the server serializes as the response, or {@code Void}
 */
public interface RequestHandler<T> {

    /**
     * Tells whether this handler claims an incoming message.
     *
     * @param msg the incoming message, a {@link FullHttpRequest} for HTTP
     * @return true to claim it
     */
    boolean acceptInboundMessage(Object msg);

    /**
     * Handles a claimed request.
     *
     * @param ctx the channel context
     * @param req the request
     * @param decoder the request's query string decoder
     * @param segments the request path split on {@code /}
     * @return a value the server sends as JSON, or null when the handler wrote the response itself
     */
    T handleRequest(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder decoder, String[] segments);
}
