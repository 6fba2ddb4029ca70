package org.discardsearch.plugin;

import ai.djl.inference.Predictor;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Real models loaded with DJL, served by name the way the plugin sees the server's: properties are the loaded
 * model's, and a run is a real prediction, done on the caller's thread so that Netty tests stay deterministic.
 * A translator's rejection completes the future exceptionally, as a failed job does.
 */
final class LoadedModelGateway implements ModelGateway {

    private final Map<String, ZooModel<Input, Output>> models = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> extra = new LinkedHashMap<>();

    /** Serves a loaded model under a name. */
    LoadedModelGateway serve(String name, ZooModel<Input, Output> model) {
        models.put(name, model);
        return this;
    }

    /** Lists a model that is not loaded here, with the given properties; running it fails. */
    LoadedModelGateway list(String name, Map<String, String> properties) {
        extra.put(name, properties);
        return this;
    }

    @Override
    public List<ServedModel> list() {
        List<ServedModel> all = new ArrayList<>();
        models.keySet().forEach(name -> all.add(find(name).orElseThrow()));
        extra.forEach((name, properties) -> all.add(new ServedModel(name, null, "READY", properties)));
        return all;
    }

    @Override
    public Optional<ServedModel> find(String name) {
        if (models.containsKey(name)) {
            return Optional.of(new ServedModel(name, null, "READY", models.get(name).getProperties()));
        }
        return Optional.ofNullable(extra.get(name)).map(p -> new ServedModel(name, null, "READY", p));
    }

    @Override
    public CompletableFuture<Output> run(String name, Input input) {
        ZooModel<Input, Output> model = models.get(name);
        if (model == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("not loaded: " + name));
        }
        try (Predictor<Input, Output> predictor = model.newPredictor()) {
            return CompletableFuture.completedFuture(predictor.predict(input));
        } catch (TranslateException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
