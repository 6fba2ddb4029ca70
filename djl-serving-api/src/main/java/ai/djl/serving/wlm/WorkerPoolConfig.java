package ai.djl.serving.wlm;

/**
 * Stand-in for DJL Serving 0.36.0's {@code ai.djl.serving.wlm.WorkerPoolConfig}: only what the plugin calls.
 * Compile only; every body throws.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public abstract class WorkerPoolConfig<I, O> {

    /**
     * Returns the id (the model's name within its workflow).
     *
     * @return the id
     */
    public String getId() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    /**
     * Returns the version.
     *
     * @return the version, or null
     */
    public String getVersion() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    /**
     * Returns the loading status.
     *
     * @return the status
     */
    public abstract Status getStatus();

    /** The loading status of a worker pool. */
    public enum Status {
        /** Not loaded yet. */
        PENDING,
        /** Loaded and serving. */
        READY,
        /** Failed to load. */
        FAILED
    }
}
