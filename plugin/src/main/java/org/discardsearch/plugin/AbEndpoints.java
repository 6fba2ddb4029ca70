package org.discardsearch.plugin;

import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.ndarray.BytesSupplier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.discardsearch.ab.AbExperiments;
import org.discardsearch.ab.AbHeaders;
import org.discardsearch.ab.AbJson;
import org.discardsearch.ab.AbReportPage;
import org.discardsearch.ab.ArmRequest;
import org.discardsearch.ab.ArmResult;
import org.discardsearch.ab.ArmRouter;
import org.discardsearch.ab.Feedback;
import org.discardsearch.ab.ModelAnswer;
import org.discardsearch.ab.RoutingDecision;
import org.discardsearch.ab.ServedModels;
import org.discardsearch.config.DiscardSearchKeys;
import org.discardsearch.stats.Arm;
import org.discardsearch.stats.ArmAssignment;

/**
 * The plugin's four endpoints, on already parsed requests. Every decision is the core's; this class looks
 * models up, runs them, and hands results to the {@link Exchange}. Thread-safe.
 */
final class AbEndpoints {

    private final ModelGateway gateway;
    private final AbExperiments experiments;

    AbEndpoints(ModelGateway gateway, AbExperiments experiments) {
        this.gateway = gateway;
        this.experiments = experiments;
    }

    /** {@code GET /discard-search/models}: the served models that use discard search, with their settings. */
    void models(Exchange exchange) {
        List<Map<String, Object>> models = gateway.list().stream()
                .filter(m -> ServedModels.usesDiscardSearch(m.properties()))
                .sorted((a, b) -> a.name().compareTo(b.name()))
                .map(m -> ServedModels.describe(m.name(), m.version(), m.status(), m.properties()))
                .toList();
        exchange.json(200, Map.of("models", models), Map.of());
    }

    /**
     * {@code POST /discard-search/ab/{model}}: routes the image to an arm (or both) and answers with the
     * model's own answer, the arm and the latency.
     */
    void run(Exchange exchange, String model, Map<String, String> headers, byte[] body, String shadowParameter) {
        ServedModel served = discardSearchModel(model);
        if (!DiscardSearchKeys.ENABLED.require(served.properties())) {
            throw new HttpFailure(400, "Model '" + model + "' serves vanilla only (" + DiscardSearchKeys.ENABLED.name()
                    + "=false in its serving.properties): an A/B test would compare vanilla with vanilla; set it"
                    + " to true to test discard search");
        }
        ImageContentTypes.require(header(headers, "content-type"));
        if (body.length == 0) {
            throw new HttpFailure(400, "Missing body: send the image (PNG or JPEG) as the request body");
        }
        String shadow = header(headers, AbHeaders.SHADOW);
        ArmRouter router = new ArmRouter(new ArmAssignment(
                ServedModels.abConfig(served.properties()).searchFraction()));
        RoutingDecision decision = router.route(header(headers, AbHeaders.REQUEST_ID),
                header(headers, AbHeaders.ARM), shadow != null ? shadow : shadowParameter);
        List<CompletableFuture<ArmResult>> arms = new ArrayList<>();
        for (Arm arm : decision.arms()) {
            arms.add(runArm(model, arm, headers, body, exchange.executor()));
        }
        // The answer is parsed, recorded and written on the connection's event loop, not on the model's worker
        // thread that completes the future: the worker goes back to its queue at once.
        CompletableFuture.allOf(arms.toArray(CompletableFuture[]::new)).whenCompleteAsync((ignored, failure) -> {
            Map<String, String> idHeader = Map.of("X-Request-Id", decision.id());
            if (failure != null) {
                exchange.error(HttpFailure.statusOf(failure), HttpFailure.messageOf(failure), idHeader);
                return;
            }
            List<ArmResult> results = arms.stream().map(CompletableFuture::join).toList();
            experiments.record(model, decision, results);
            Map<String, String> answerHeaders = new LinkedHashMap<>(idHeader);
            answerHeaders.put("X-Discard-Search-Arm",
                    results.stream().map(r -> r.arm().label()).collect(Collectors.joining(",")));
            exchange.json(200, AbJson.answer(model, decision, results), answerHeaders);
        }, exchange.executor());
    }

    /** {@code POST /discard-search/ab/{model}/feedback}: the true label of an earlier request. */
    void feedback(Exchange exchange, String model, Map<String, String> headers, byte[] body,
            Map<String, String> query) {
        ServedModel served = discardSearchModel(model);
        Feedback feedback = Feedback.parse(body, query.get(Feedback.ID_FIELD), query.get(Feedback.LABEL_FIELD),
                header(headers, AbHeaders.REQUEST_ID)).requireLabelBelow(ServedModels.classes(served.properties()));
        if (!experiments.label(model, feedback)) {
            throw new HttpFailure(404, "No request '" + feedback.id() + "' waits for a label on model '" + model
                    + "': unknown id, already labelled, or dropped as the oldest unlabelled");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("model", model);
        answer.put("id", feedback.id());
        answer.put("label", feedback.label());
        answer.put("recorded", true);
        exchange.json(200, answer, Map.of());
    }

    /** {@code GET /discard-search/ab/{model}/report}: the statistics, as JSON or as an HTML page. */
    void report(Exchange exchange, String model, String format, String accept) {
        discardSearchModel(model);
        boolean html;
        if (format == null || format.isBlank()) {
            html = accept != null && accept.toLowerCase(Locale.ROOT).contains("text/html");
        } else if (format.equals("html") || format.equals("json")) {
            html = format.equals("html");
        } else {
            throw new HttpFailure(400, "Invalid value '" + format + "' for format; allowed: json, html");
        }
        if (html) {
            exchange.html(AbReportPage.render(model, experiments.snapshot(model)));
        } else {
            exchange.json(200, AbJson.report(model, experiments.snapshot(model)), Map.of());
        }
    }

    private ServedModel discardSearchModel(String model) {
        ServedModel served = gateway.find(model).orElseThrow(() -> new HttpFailure(404, "Unknown model '" + model
                + "'; served models that use discard search: " + discardSearchNames()));
        if (!ServedModels.usesDiscardSearch(served.properties())) {
            throw new HttpFailure(400, "Model '" + model + "' does not use discard search: its translatorFactory"
                    + " is '" + served.properties().get(ServedModels.TRANSLATOR_FACTORY_KEY) + "'; expected "
                    + ServedModels.TRANSLATOR_FACTORY);
        }
        return served;
    }

    private String discardSearchNames() {
        List<String> names = gateway.list().stream().filter(m -> ServedModels.usesDiscardSearch(m.properties()))
                .map(ServedModel::name).sorted().toList();
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }

    private CompletableFuture<ArmResult> runArm(String model, Arm arm, Map<String, String> headers, byte[] body,
            Executor executor) {
        Input input = new Input();
        ArmRequest.properties(arm, headers).forEach(input::addProperty);
        input.add("data", body);
        long start = System.nanoTime();
        return gateway.run(model, input).thenApplyAsync(output -> {
            double millis = (System.nanoTime() - start) / 1e6;
            return new ArmResult(arm, answer(output), millis);
        }, executor);
    }

    private static ModelAnswer answer(Output output) {
        if (output.getCode() < 200 || output.getCode() >= 300) {
            throw new HttpFailure(output.getCode(), output.getMessage());
        }
        BytesSupplier data = output.getData();
        return ModelAnswer.parse(data == null ? new byte[0] : data.getAsBytes());
    }

    /** Reads a header by lower-case name, ignoring the case the client used. */
    private static String header(Map<String, String> headers, String lowerCaseName) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).equals(lowerCaseName)) {
                return e.getValue();
            }
        }
        return null;
    }
}
