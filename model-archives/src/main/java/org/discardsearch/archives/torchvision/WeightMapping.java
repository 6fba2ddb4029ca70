package org.discardsearch.archives.torchvision;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.discardsearch.archives.torchvision.TorchScriptFile.TorchModule;
import org.discardsearch.archives.torchvision.TorchvisionLayout.Layer;
import org.discardsearch.network.SegmentedNetwork;

/**
 * Copies torchvision's tensors into one of our networks by name, after checking all of them: every layer of ours
 * must find its module with the right class and settings, every parameter and buffer its tensor with the right
 * shape, and every tensor of the file must be used (only {@code num_batches_tracked}, which inference does not
 * read, may be left). Nothing is copied unless everything fits, and afterwards no parameter of the network is
 * left at its initial value.
 */
final class WeightMapping {

    private static final String BATCHES_TRACKED = "num_batches_tracked";

    private WeightMapping() {}

    /**
     * Checks and copies.
     *
     * @param network our network, initialised (its parameters hold arrays)
     * @param modules the file's modules by dotted path, for their classes and settings (a module missing here
     *     is only checked through its tensors)
     * @param tensors every tensor of the file by full dotted name
     * @param file the file, for messages
     * @return the number of tensors copied
     * @throws TorchvisionImportException listing every missing, unexpected, misshapen or unsupported item
     */
    static int copy(SegmentedNetwork network, Map<String, TorchModule> modules, Map<String, NDArray> tensors,
            Path file) {
        String architecture = network.architecture();
        List<String> problems = new ArrayList<>();
        Set<String> used = new HashSet<>();
        Map<Parameter, NDArray> assignments = new LinkedHashMap<>();
        for (Layer layer : TorchvisionLayout.of(network)) {
            TorchModule module = modules.get(layer.module());
            if (module != null) {
                checkModule(layer, module, architecture, problems);
            }
            for (Map.Entry<String, Parameter> slot : layer.tensors().entrySet()) {
                String name = layer.module() + "." + slot.getKey();
                Shape expected = slot.getValue().getArray().getShape();
                NDArray tensor = tensors.get(name);
                used.add(name);
                if (tensor == null) {
                    problems.add("missing tensor " + name + " " + expected + " (" + layer.type() + " of "
                            + architecture + ")");
                } else if (!tensor.getShape().equals(expected)) {
                    problems.add(name + " has shape " + tensor.getShape() + "; " + architecture + " expects "
                            + expected);
                } else {
                    assignments.put(slot.getValue(), tensor);
                }
            }
            if (layer.type().equals("BatchNorm2d")) {
                used.add(layer.module() + "." + BATCHES_TRACKED);
            }
        }
        for (Map.Entry<String, NDArray> tensor : tensors.entrySet()) {
            if (!used.contains(tensor.getKey())) {
                problems.add("unexpected tensor " + tensor.getKey() + " " + tensor.getValue().getShape()
                        + ": " + architecture + " in torchvision's layout has no such parameter or buffer");
            }
        }
        if (!problems.isEmpty()) {
            throw new TorchvisionImportException(file, problems);
        }
        Set<Parameter> assigned = Collections.newSetFromMap(new IdentityHashMap<>());
        assignments.forEach((parameter, tensor) -> {
            parameter.getArray().set(tensor.toFloatArray());
            assigned.add(parameter);
        });
        List<String> untouched = new ArrayList<>();
        network.getParameters().forEach(p -> {
            if (!assigned.contains(p.getValue())) {
                untouched.add(p.getKey());
            }
        });
        if (!untouched.isEmpty()) {
            // A layout that skips a layer of ours is a bug here, not a fault of the file.
            throw new IllegalStateException("No torchvision tensor was mapped onto " + untouched + " of "
                    + architecture);
        }
        return assignments.size();
    }

    private static void checkModule(Layer layer, TorchModule module, String architecture, List<String> problems) {
        if (!module.type().equals(layer.type())) {
            problems.add(layer.module() + " is a " + module.type() + "; " + architecture + " has a " + layer.type()
                    + " there");
            return;
        }
        for (Map.Entry<String, String> setting : layer.settings().entrySet()) {
            String actual = module.settings().get(setting.getKey());
            if (actual != null && !same(setting.getKey(), actual, setting.getValue())) {
                problems.add(layer.module() + ": " + setting.getKey() + " " + actual + " is not supported; "
                        + architecture + " has " + setting.getValue() + " there" + hint(setting.getKey()));
            }
        }
    }

    private static boolean same(String key, String actual, String expected) {
        if (key.equals("eps")) {
            try {
                return Math.abs(Double.parseDouble(actual) - Double.parseDouble(expected)) <= 1e-12;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return actual.equals(expected);
    }

    private static String hint(String key) {
        return switch (key) {
            case "dilation" -> " (dilated convolutions, as made by replace_stride_with_dilation, are not supported)";
            case "groups" -> " (grouped convolutions, as in ResNeXt, are not supported)";
            case "stride" -> " (the subsampling layers must sit where torchvision puts them)";
            default -> "";
        };
    }
}
