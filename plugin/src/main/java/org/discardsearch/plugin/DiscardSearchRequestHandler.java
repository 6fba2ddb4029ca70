package org.discardsearch.plugin;

import ai.djl.serving.plugins.RequestHandler;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.discardsearch.ab.AbExperiments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin's entry point, exported by {@code META-INF/plugin.definition}. It claims only paths under
 * {@value #PREFIX} and answers them itself (the server gets {@code null} back):
 * <ul>
 *   <li>{@code GET /discard-search/models}</li>
 *   <li>{@code POST /discard-search/ab/{model}}</li>
 *   <li>{@code POST /discard-search/ab/{model}/feedback}</li>
 *   <li>{@code GET /discard-search/ab/{model}/report}</li>
 * </ul>
 *
 * <p>The constructor cannot fail, because DJL Serving aborts its start when a plugin's constructor throws: the
 * connection to the server's models is made on the first request, and retried on later ones while it fails,
 * which answers 503 with the reason. The handler runs on Netty's I/O thread; model calls are asynchronous and
 * answer when the model does. A/B statistics live in memory for the life of the server.
 */
public final class DiscardSearchRequestHandler implements RequestHandler<Void> {

    /** The path prefix this plugin owns. */
    public static final String PREFIX = "/discard-search";

    private static final Logger logger = LoggerFactory.getLogger(DiscardSearchRequestHandler.class);
    private static final String ENDPOINTS = "GET " + PREFIX + "/models, POST " + PREFIX + "/ab/{model}, POST "
            + PREFIX + "/ab/{model}/feedback, GET " + PREFIX + "/ab/{model}/report";

    private final Supplier<ModelGateway> connect;
    private final AbExperiments experiments = new AbExperiments();
    private volatile AbEndpoints endpoints;

    /** Creates the handler the server instantiates; it connects to the server's models on first use. */
    public DiscardSearchRequestHandler() {
        this(ServingModelGateway::new);
    }

    /**
     * Creates a handler over given models.
     *
     * @param connect makes the gateway to the models; called on first use, and again after a failure
     */
    DiscardSearchRequestHandler(Supplier<ModelGateway> connect) {
        this.connect = connect;
    }

    @Override
    public boolean acceptInboundMessage(Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            return false;
        }
        String uri = request.uri();
        return uri.equals(PREFIX) || uri.startsWith(PREFIX + "/") || uri.startsWith(PREFIX + "?");
    }

    @Override
    public Void handleRequest(ChannelHandlerContext ctx, FullHttpRequest req, QueryStringDecoder decoder,
            String[] segments) {
        Exchange exchange = Exchange.of(ctx, req);
        try {
            dispatch(exchange, req, new QueryStringDecoder(req.uri()));
        } catch (RuntimeException | LinkageError e) {
            int status = HttpFailure.statusOf(e);
            if (status >= 500) {
                logger.warn("discard-search plugin failed on {} {}", req.method(), req.uri(), e);
            } else {
                logger.debug("discard-search plugin rejected {} {}: {}", req.method(), req.uri(), e.getMessage());
            }
            exchange.error(status, HttpFailure.messageOf(e), e instanceof HttpFailure h ? h.headers() : Map.of());
        }
        return null;
    }

    private void dispatch(Exchange exchange, FullHttpRequest req, QueryStringDecoder decoder) {
        List<String> path;
        Map<String, String> query;
        try {
            path = List.of(decoder.path().substring(PREFIX.length()).split("/", -1));
            query = query(decoder);
        } catch (IllegalArgumentException e) {
            throw new HttpFailure(400, "Malformed request URI: '" + req.uri() + "'; " + e.getMessage());
        }
        // path is ["", "models"] or ["", "ab", model, ...]
        HttpMethod method = req.method();
        if (path.size() == 2 && path.get(1).equals("models")) {
            requireMethod(method, HttpMethod.GET);
            endpoints().models(exchange);
        } else if (path.size() >= 3 && path.size() <= 4 && path.get(1).equals("ab") && !path.get(2).isEmpty()) {
            String model = path.get(2);
            String action = path.size() == 4 ? path.get(3) : "";
            switch (action) {
                case "" -> {
                    requireMethod(method, HttpMethod.POST);
                    endpoints().run(exchange, model, headers(req), body(req), query.get("shadow"));
                }
                case "feedback" -> {
                    requireMethod(method, HttpMethod.POST);
                    endpoints().feedback(exchange, model, headers(req), body(req), query);
                }
                case "report" -> {
                    requireMethod(method, HttpMethod.GET);
                    endpoints().report(exchange, model, query.get("format"), req.headers().get(HttpHeaderNames.ACCEPT));
                }
                default -> throw notFound(req);
            }
        } else {
            throw notFound(req);
        }
    }

    /** Connects to the models on first use; a failure answers 503 and is retried on the next request. */
    private AbEndpoints endpoints() {
        AbEndpoints current = endpoints;
        if (current == null) {
            synchronized (this) {
                if (endpoints == null) {
                    try {
                        endpoints = new AbEndpoints(connect.get(), experiments);
                        logger.info("discard-search plugin active: {}", ENDPOINTS);
                    } catch (RuntimeException | LinkageError e) {
                        throw new HttpFailure(503, "The discard-search plugin cannot reach the server's models yet: "
                                + e);
                    }
                }
                current = endpoints;
            }
        }
        return current;
    }

    private static HttpFailure notFound(FullHttpRequest req) {
        return new HttpFailure(404, "No discard-search endpoint at " + req.method() + " " + req.uri()
                + "; endpoints: " + ENDPOINTS);
    }

    private static void requireMethod(HttpMethod method, HttpMethod allowed) {
        if (!method.equals(allowed)) {
            throw new HttpFailure(405, "Method " + method + " is not allowed here; allowed: " + allowed,
                    Map.of("Allow", allowed.name()));
        }
    }

    private static Map<String, String> headers(FullHttpRequest req) {
        Map<String, String> headers = new LinkedHashMap<>();
        req.headers().forEach(e -> headers.put(e.getKey(), e.getValue()));
        return headers;
    }

    private static byte[] body(FullHttpRequest req) {
        return ByteBufUtil.getBytes(req.content());
    }

    private static Map<String, String> query(QueryStringDecoder decoder) {
        Map<String, String> query = new LinkedHashMap<>();
        decoder.parameters().forEach((name, values) -> query.put(name, values.get(0)));
        return query;
    }
}
