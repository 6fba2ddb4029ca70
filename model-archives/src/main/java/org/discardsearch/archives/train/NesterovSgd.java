package org.discardsearch.archives.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * Stochastic gradient descent with Nesterov momentum and L2 weight decay (added to the gradient), with PyTorch's
 * update rule ({@code torch.optim.SGD(nesterov=True, dampening=0)}): with gradient {@code g}, weight {@code w},
 * velocity {@code v} (starting at 0), momentum {@code mu}, decay {@code lambda} and rate {@code lr},
 *
 * <pre>
 * g = g + lambda * w        (only for decayed parameters)
 * v = mu * v + g
 * w = w - lr * (g + mu * v)
 * </pre>
 *
 * DJL 0.36's {@code Optimizer.sgd()} has momentum but no Nesterov variant, hence this class. Weight decay applies
 * to the {@link Parameter.Type#WEIGHT} parameters (convolution and fully connected weights), not to batch-norm
 * scales and shifts nor to biases, as is common practice for residual networks.
 *
 * <p>Velocities live on a sub-manager of the manager given at creation, freed by {@link #close()}. Not
 * thread-safe.
 */
final class NesterovSgd implements AutoCloseable {

    private final List<Parameter> parameters;
    private final boolean[] decayed;
    private final NDArray[] velocities;
    private final NDManager velocityManager;
    private final float momentum;
    private final float weightDecay;

    /**
     * Creates the optimizer for the trainable parameters of a block.
     *
     * @param parameters all parameters of the block; those that need no gradient (running statistics) are skipped
     * @param momentum the momentum mu, in [0, 1)
     * @param weightDecay the L2 decay lambda of the weights, 0 or more
     * @param manager the manager under which the velocities are kept
     */
    NesterovSgd(List<Parameter> parameters, float momentum, float weightDecay, NDManager manager) {
        this.parameters = new ArrayList<>();
        for (Parameter parameter : parameters) {
            if (parameter.requiresGradient()) {
                this.parameters.add(parameter);
            }
        }
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.velocityManager = manager.newSubManager();
        this.decayed = new boolean[this.parameters.size()];
        this.velocities = new NDArray[this.parameters.size()];
        for (int i = 0; i < this.parameters.size(); i++) {
            Parameter parameter = this.parameters.get(i);
            decayed[i] = parameter.getType() == Parameter.Type.WEIGHT && weightDecay > 0f;
            velocities[i] = velocityManager.zeros(parameter.getArray().getShape(), parameter.getArray().getDataType());
        }
    }

    /**
     * Returns how many parameters this optimizer updates.
     *
     * @return the number of trainable parameters
     */
    int parameterCount() {
        return parameters.size();
    }

    /**
     * Updates every trainable parameter from its gradient, then zeroes the gradient. Must run outside a gradient
     * collector (with autograd off), after the backward pass.
     *
     * @param learningRate the step's rate
     * @param scope the step's manager: weights and velocities are temporarily attached to it, so that every
     *     intermediate array is freed when it closes
     */
    void step(float learningRate, NDManager scope) {
        for (int i = 0; i < velocities.length; i++) {
            NDArray weight = parameters.get(i).getArray();
            NDArray velocity = velocities[i];
            weight.tempAttach(scope);
            velocity.tempAttach(scope);
            NDArray gradient = weight.getGradient();
            NDArray g = decayed[i] ? gradient.add(weight.mul(weightDecay)) : gradient;
            velocity.muli(momentum).addi(g);
            weight.subi(g.addi(velocity.mul(momentum)).muli(learningRate));
            // g may be the gradient itself, already consumed above; zero it for the next backward pass.
            gradient.subi(gradient);
        }
    }

    @Override
    public void close() {
        velocityManager.close();
    }
}
