package org.discardsearch.plugin;

import ai.djl.Model;
import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.serving.models.Endpoint;
import ai.djl.serving.models.ModelManager;
import ai.djl.serving.wlm.ModelInfo;
import ai.djl.serving.wlm.WorkerPoolConfig;
import ai.djl.serving.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.discardsearch.ab.ServedModels;

/**
 * The models of the running DJL Serving, through its {@link ModelManager}. A plain model is a one-step
 * workflow there, so both are found by name the same way. A model's properties are those of its loaded
 * {@link Model} (the archive's arguments merged with the ones the workflow or registration gave), or the
 * parsed {@code serving.properties} before it is loaded.
 */
final class ServingModelGateway implements ModelGateway {

    private final ModelManager manager;

    /**
     * Connects to the server's model manager.
     *
     * @throws IllegalStateException if the server has no model manager yet
     */
    ServingModelGateway() {
        ModelManager instance = ModelManager.getInstance();
        if (instance == null) {
            throw new IllegalStateException("DJL Serving's ModelManager is not initialised");
        }
        this.manager = instance;
    }

    @Override
    public List<ServedModel> list() {
        List<ServedModel> models = new ArrayList<>();
        for (Endpoint endpoint : manager.getEndpoints().values()) {
            for (Workflow workflow : endpoint.getWorkflows()) {
                models.add(describe(workflow));
            }
        }
        return models;
    }

    @Override
    public Optional<ServedModel> find(String name) {
        return Optional.ofNullable(manager.getWorkflow(name, null, false)).map(ServingModelGateway::describe);
    }

    @Override
    public CompletableFuture<Output> run(String name, Input input) {
        Workflow workflow = manager.getWorkflow(name, null, true);
        if (workflow == null) {
            return CompletableFuture.failedFuture(new HttpFailure(404, "Model '" + name + "' is no longer served"));
        }
        return manager.runJob(workflow, input);
    }

    private static ServedModel describe(Workflow workflow) {
        Map<String, String> chosen = Map.of();
        String status = "READY";
        for (WorkerPoolConfig<Input, Output> wpc : workflow.getWpcs()) {
            if (wpc instanceof ModelInfo<Input, Output> model) {
                Map<String, String> properties = properties(model);
                if (chosen.isEmpty() || ServedModels.usesDiscardSearch(properties)) {
                    chosen = properties;
                    status = model.getStatus().name();
                }
                if (ServedModels.usesDiscardSearch(properties)) {
                    break;
                }
            }
        }
        return new ServedModel(workflow.getName(), workflow.getVersion(), status, chosen);
    }

    private static Map<String, String> properties(ModelInfo<Input, Output> model) {
        for (Model loaded : model.getModels().values()) {
            return loaded.getProperties();
        }
        Properties parsed = model.getProperties();
        Map<String, String> properties = new HashMap<>();
        if (parsed != null) {
            parsed.stringPropertyNames().forEach(k -> properties.put(k, parsed.getProperty(k)));
        }
        return properties;
    }
}
