package ai.djl.serving.models;

import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.serving.workflow.Workflow;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Stand-in for DJL Serving 0.36.0's {@code ai.djl.serving.models.ModelManager}: only the methods the plugin
 * calls, with their exact signatures. Compile only; every body throws.
 */
public final class ModelManager {

    private ModelManager() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    /**
     * Returns the server's model manager.
     *
     * @return the singleton
     */
    public static ModelManager getInstance() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    /**
     * Returns every endpoint by name.
     *
     * @return the endpoints
     */
    public Map<String, Endpoint> getEndpoints() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    /**
     * Returns a workflow (a plain model is a one-step workflow).
     *
     * @param workflowName the name
     * @param version the version, or null for any
     * @param predict true to pick a version for a prediction (load balancing)
     * @return the workflow, or null when there is none
     */
    public Workflow getWorkflow(String workflowName, String version, boolean predict) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    /**
     * Runs one input through a workflow on the server's workers.
     *
     * @param workflow the workflow
     * @param input the input
     * @return the output, when it is ready
     */
    public CompletableFuture<Output> runJob(Workflow workflow, Input input) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
