package ai.djl.serving.models;

import ai.djl.serving.workflow.Workflow;
import java.util.List;

/** Stand-in for DJL Serving 0.36.0's {@code ai.djl.serving.models.Endpoint}. Compile only; every body throws. */
public class Endpoint {

    Endpoint() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    /**
     * Returns the versions served under this endpoint.
     *
     * @return the workflows
     */
    public List<Workflow> getWorkflows() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
