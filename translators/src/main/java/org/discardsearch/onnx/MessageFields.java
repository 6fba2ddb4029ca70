package org.discardsearch.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Typed reads of the fields {@link OnnxSchema} declares, on parsed messages. */
final class MessageFields {

    private MessageFields() {}

    static boolean has(DynamicMessage message, String field) {
        return message.hasField(OnnxSchema.field(message.getDescriptorForType(), field));
    }

    static long longValue(DynamicMessage message, String field) {
        return ((Number) get(message, field)).longValue();
    }

    static float floatValue(DynamicMessage message, String field) {
        return (Float) get(message, field);
    }

    static String string(DynamicMessage message, String field) {
        Object value = get(message, field);
        return value instanceof ByteString bytes ? bytes.toString(StandardCharsets.UTF_8) : (String) value;
    }

    static DynamicMessage message(DynamicMessage message, String field) {
        return (DynamicMessage) get(message, field);
    }

    static List<DynamicMessage> messages(DynamicMessage message, String field) {
        return repeated(message, field, DynamicMessage.class);
    }

    static List<String> strings(DynamicMessage message, String field) {
        return repeated(message, field, String.class);
    }

    static List<Long> longs(DynamicMessage message, String field) {
        return repeated(message, field, Long.class);
    }

    static DynamicMessage.Builder builder(Descriptor type) {
        return DynamicMessage.newBuilder(type);
    }

    private static Object get(DynamicMessage message, String field) {
        return message.getField(OnnxSchema.field(message.getDescriptorForType(), field));
    }

    private static <T> List<T> repeated(DynamicMessage message, String field, Class<T> type) {
        var descriptor = OnnxSchema.field(message.getDescriptorForType(), field);
        int count = message.getRepeatedFieldCount(descriptor);
        List<T> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(type.cast(message.getRepeatedField(descriptor, i)));
        }
        return values;
    }
}
