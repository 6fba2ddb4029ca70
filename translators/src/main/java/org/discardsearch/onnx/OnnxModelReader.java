package org.discardsearch.onnx;

import static org.discardsearch.onnx.MessageFields.has;
import static org.discardsearch.onnx.MessageFields.longValue;
import static org.discardsearch.onnx.MessageFields.longs;
import static org.discardsearch.onnx.MessageFields.message;
import static org.discardsearch.onnx.MessageFields.messages;
import static org.discardsearch.onnx.MessageFields.string;
import static org.discardsearch.onnx.MessageFields.strings;

import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an ONNX model file and checks that this package can use it: a {@code ModelProto} with a graph, importing
 * the default operator set at a version in [{@value #MIN_OPSET}, {@value #MAX_OPSET}], using no operator of
 * another domain, and holding every tensor inside the file. Each failure is an {@link OnnxFormatException} that
 * names the file and the problem.
 */
public final class OnnxModelReader {

    /** The oldest default opset accepted: the one that gave Conv and the pools their present attributes. */
    public static final long MIN_OPSET = 11;
    /**
     * The newest default opset accepted. Opset 18 turns {@code ReduceMean}'s axes (a global pooling this package
     * must recognise) from an attribute into an input, and 19 adds dilations to {@code AveragePool}; neither is
     * read yet.
     */
    public static final long MAX_OPSET = 17;

    private static final String EXPECTED = "; expected a ModelProto as torch.onnx.export or onnx.save writes it";
    /** The graph format (IR version) from which models declare their operator sets. */
    private static final long MIN_IR_VERSION = 3;

    private OnnxModelReader() {}

    /**
     * Reads and checks a model.
     *
     * @param file the ONNX file
     * @return the model
     * @throws OnnxFormatException if the file cannot be read, is not an ONNX model, or is one this package cannot
     *     use
     */
    public static OnnxModel read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new OnnxFormatException(file, "cannot read the file (" + e + ")", e);
        }
        DynamicMessage model;
        try {
            model = DynamicMessage.parseFrom(OnnxSchema.MODEL, bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new OnnxFormatException(file, "not an ONNX model, the bytes are no protobuf message ("
                    + e.getMessage() + ")" + EXPECTED, e);
        }
        // Arbitrary bytes can parse as a message made of unknown fields only, so the fields themselves decide.
        if (!has(model, "graph") || !has(model, "ir_version")) {
            throw new OnnxFormatException(file, "not an ONNX model, it has no " + (has(model, "graph")
                    ? "ir_version" : "graph") + EXPECTED);
        }
        long irVersion = longValue(model, "ir_version");
        if (irVersion < MIN_IR_VERSION) {
            throw new OnnxFormatException(file, "ir_version = " + irVersion + " is too old; expected "
                    + MIN_IR_VERSION + " or later (ONNX 1.1 and later)");
        }
        long opset = defaultOpset(file, model);
        DynamicMessage graph = message(model, "graph");
        checkTensorsInside(file, graph);
        return new OnnxModel(file, opset, graph(file, graph), model);
    }

    private static long defaultOpset(Path file, DynamicMessage model) {
        Long version = null;
        for (DynamicMessage opset : messages(model, "opset_import")) {
            if (isDefaultDomain(string(opset, "domain"))) {
                version = longValue(opset, "version");
            }
        }
        if (version == null) {
            throw new OnnxFormatException(file, "it imports no default (ai.onnx) operator set");
        }
        if (version < MIN_OPSET || version > MAX_OPSET) {
            throw new OnnxFormatException(file, "unsupported opset: ai.onnx version " + version + "; supported: "
                    + MIN_OPSET + " to " + MAX_OPSET + " (export with torch.onnx.export(..., opset_version="
                    + MAX_OPSET + "))");
        }
        return version;
    }

    private static void checkTensorsInside(Path file, DynamicMessage graph) {
        List<DynamicMessage> tensors = new ArrayList<>(messages(graph, "initializer"));
        for (DynamicMessage node : messages(graph, "node")) {
            for (DynamicMessage attribute : messages(node, "attribute")) {
                if (has(attribute, "t")) {
                    tensors.add(message(attribute, "t"));
                }
            }
        }
        for (DynamicMessage tensor : tensors) {
            List<DynamicMessage> entries = messages(tensor, "external_data");
            if (longValue(tensor, "data_location") == OnnxSchema.DATA_LOCATION_EXTERNAL || !entries.isEmpty()) {
                String location = entries.stream().filter(e -> string(e, "key").equals("location"))
                        .map(e -> string(e, "value")).findFirst().orElse("?");
                throw new OnnxFormatException(file, "tensor '" + string(tensor, "name")
                        + "' is stored as external data in '" + location + "'; expected every tensor inside the"
                        + " file (onnx.save(model, path, save_as_external_data=False))");
            }
        }
    }

    private static OnnxGraph graph(Path file, DynamicMessage graph) {
        List<OnnxNode> nodes = new ArrayList<>();
        for (DynamicMessage node : messages(graph, "node")) {
            OnnxNode parsed = node(nodes.size(), node);
            if (!isDefaultDomain(parsed.domain())) {
                throw new OnnxFormatException(file, "node " + parsed.label() + " is operator " + parsed.opType()
                        + " of domain '" + parsed.domain() + "'; only ai.onnx operators are supported");
            }
            nodes.add(parsed);
        }
        Set<String> initializers = new HashSet<>();
        for (DynamicMessage tensor : messages(graph, "initializer")) {
            initializers.add(string(tensor, "name"));
        }
        // Before IR version 4 every initializer is also listed as a graph input; those are not fed by the caller.
        List<ValueInfo> inputs = messages(graph, "input").stream().map(OnnxModelReader::value)
                .filter(v -> !initializers.contains(v.name())).toList();
        List<ValueInfo> outputs = messages(graph, "output").stream().map(OnnxModelReader::value).toList();
        return new OnnxGraph(nodes, inputs, outputs, initializers);
    }

    private static OnnxNode node(int index, DynamicMessage node) {
        Map<String, OnnxAttribute> attributes = new HashMap<>();
        for (DynamicMessage attribute : messages(node, "attribute")) {
            String name = string(attribute, "name");
            attributes.put(name, new OnnxAttribute(name, longValue(attribute, "i"),
                    MessageFields.floatValue(attribute, "f"), string(attribute, "s"), longs(attribute, "ints")));
        }
        return new OnnxNode(index, string(node, "name"), string(node, "op_type"), string(node, "domain"),
                strings(node, "input"), strings(node, "output"), attributes);
    }

    private static ValueInfo value(DynamicMessage valueInfo) {
        DynamicMessage tensorType = message(message(valueInfo, "type"), "tensor_type");
        List<Long> shape = new ArrayList<>();
        for (DynamicMessage dim : messages(message(tensorType, "shape"), "dim")) {
            shape.add(has(dim, "dim_value") ? longValue(dim, "dim_value") : ValueInfo.DYNAMIC);
        }
        return new ValueInfo(string(valueInfo, "name"), (int) longValue(tensorType, "elem_type"), shape);
    }

    private static boolean isDefaultDomain(String domain) {
        return domain.isEmpty() || domain.equals("ai.onnx");
    }
}
