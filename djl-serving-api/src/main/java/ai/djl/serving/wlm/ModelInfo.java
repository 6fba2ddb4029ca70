package ai.djl.serving.wlm;

import ai.djl.Device;
import ai.djl.repository.zoo.ZooModel;
import java.util.Map;
import java.util.Properties;

/**
 * Stand-in for DJL Serving 0.36.0's {@code ai.djl.serving.wlm.ModelInfo}: only what the plugin calls.
 * Compile only; every body throws.
 *
 * @param <I> the input type
 * @param <O> the output type
 */
public final class ModelInfo<I, O> extends WorkerPoolConfig<I, O> {

    private ModelInfo() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    /**
     * Returns the model's parsed {@code serving.properties}.
     *
     * @return the properties, or null before the model is initialized
     */
    public Properties getProperties() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    /**
     * Returns the loaded models, one per device.
     *
     * @return the loaded models
     */
    public Map<Device, ZooModel<I, O>> getModels() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    @Override
    public Status getStatus() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
