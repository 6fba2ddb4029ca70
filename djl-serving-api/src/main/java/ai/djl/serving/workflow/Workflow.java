package ai.djl.serving.workflow;

import ai.djl.modality.Input;
import ai.djl.modality.Output;
import ai.djl.serving.wlm.WorkerPoolConfig;
import java.util.Collection;

/** Stand-in for DJL Serving 0.36.0's {@code ai.djl.serving.workflow.Workflow}. Compile only; every body throws. */
public class Workflow {

    Workflow() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    /**
     * Returns the workflow's name.
     *
     * @return the name
     */
    public String getName() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    /**
     * Returns the workflow's version.
     *
     * @return the version, or null
     */
    public String getVersion() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    /**
     * Returns the models (worker pool configurations) the workflow uses.
     *
     * @return the models
     */
    public Collection<WorkerPoolConfig<Input, Output>> getWpcs() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
