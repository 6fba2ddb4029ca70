package org.discardsearch.plugin;

import ai.djl.modality.Input;
import ai.djl.modality.Output;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The plugin's view of the server's models: what is loaded, and running one input through one of them. In the
 * server it is {@link ServingModelGateway}; tests use a real model loaded with DJL.
 */
public interface ModelGateway {

    /**
     * Lists the served models and workflows.
     *
     * @return every one, in no particular order
     */
    List<ServedModel> list();

    /**
     * Finds a served model or workflow by name.
     *
     * @param name the name
     * @return the model, or empty when none is served under that name
     */
    Optional<ServedModel> find(String name);

    /**
     * Runs one input through a model on the server's workers.
     *
     * @param name the model's name
     * @param input the input: the image as data, the headers as properties
     * @return the model's output when it is ready; completed exceptionally when the model is gone or failed
     */
    CompletableFuture<Output> run(String name, Input input);
}
