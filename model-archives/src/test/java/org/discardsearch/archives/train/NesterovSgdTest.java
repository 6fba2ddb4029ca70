package org.discardsearch.archives.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

class NesterovSgdTest {

    private static final float LR = 0.1f;
    private static final float MOMENTUM = 0.9f;
    private static final float DECAY = 0.1f;

    /** The loss is sum(c * w), so the gradient is c. */
    private static final float[] C = {0.5f, 1f};

    private static Parameter parameter(NDManager manager, String name, Parameter.Type type, float... values) {
        Parameter parameter = Parameter.builder().setName(name).setType(type).build();
        NDArray array = manager.create(values);
        array.setRequiresGradient(true);
        parameter.setArray(array);
        return parameter;
    }

    private static void backward(NDManager manager, List<Parameter> parameters) {
        try (NDManager scope = manager.newSubManager();
                GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
            NDArray c = scope.create(C);
            NDArray loss = scope.zeros(new ai.djl.ndarray.types.Shape());
            for (Parameter parameter : parameters) {
                loss = loss.add(c.mul(parameter.getArray()).sum());
            }
            collector.backward(loss);
        }
    }

    /** PyTorch's SGD(nesterov=True) on w with gradient C + decay * w, computed in doubles. */
    private static double[] reference(double[] w, double decay, int steps) {
        double[] v = new double[w.length];
        double[] x = w.clone();
        for (int s = 0; s < steps; s++) {
            for (int i = 0; i < x.length; i++) {
                double g = C[i] + decay * x[i];
                v[i] = MOMENTUM * v[i] + g;
                x[i] -= LR * (g + MOMENTUM * v[i]);
            }
        }
        return x;
    }

    private static void assertClose(double[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-6, "element " + i);
        }
    }

    @Test
    void threeStepsMatchPyTorchsNesterovRuleWithDecayOnWeightsOnly() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Parameter weight = parameter(manager, "weight", Parameter.Type.WEIGHT, 1f, -2f);
            Parameter bias = parameter(manager, "bias", Parameter.Type.BIAS, 3f, 0.25f);
            List<Parameter> parameters = List.of(weight, bias);
            try (NesterovSgd optimizer = new NesterovSgd(parameters, MOMENTUM, DECAY, manager)) {
                for (int s = 0; s < 3; s++) {
                    backward(manager, parameters);
                    try (NDManager scope = manager.newSubManager()) {
                        optimizer.step(LR, scope);
                    }
                }
            }

            assertClose(reference(new double[] {1, -2}, DECAY, 3), weight.getArray().toFloatArray());
            assertClose(reference(new double[] {3, 0.25}, 0, 3), bias.getArray().toFloatArray());
        }
    }

    @Test
    void stepZeroesTheGradientsAndLeavesNoArraysBehind() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Parameter weight = parameter(manager, "weight", Parameter.Type.WEIGHT, 1f, -2f);
            try (NesterovSgd optimizer = new NesterovSgd(List.of(weight), MOMENTUM, DECAY, manager)) {
                int before = manager.getManagedArrays().size();
                backward(manager, List.of(weight));
                try (NDManager scope = manager.newSubManager()) {
                    optimizer.step(LR, scope);
                }

                assertEquals(before, manager.getManagedArrays().size());
                try (NDManager scope = manager.newSubManager()) {
                    NDArray gradient = weight.getArray().getGradient();
                    gradient.attach(scope);
                    assertArrayEquals(new float[] {0f, 0f}, gradient.toFloatArray());
                }
            }
        }
    }
}
