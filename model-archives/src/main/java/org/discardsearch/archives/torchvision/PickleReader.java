package org.discardsearch.archives.torchvision;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the part of Python's pickle format (protocol 2, plus the protocol-4 opcodes a newer writer may use) that
 * TorchScript's serializer writes into a module's {@code data.pkl}. Nothing is executed: a class reference stays
 * a {@link Global}, an object is its class and its state, a tensor is a {@link TensorRef} to a storage record of
 * the archive, and a call this reader does not know stays a {@link Call}. An unknown opcode, a truncated stream or
 * a malformed stack fails with the byte offset.
 */
final class PickleReader {

    /** A class or function reference, {@code module.name}. */
    record Global(String module, String name) {
        @Override
        public String toString() {
            return module + "." + name;
        }
    }

    /** A call that is kept as data: the function and its arguments. */
    record Call(Global function, List<Object> arguments) {}

    /** An object built by NEWOBJ and BUILD: its class and its attributes, in the file's order. */
    static final class ObjectValue {
        private final Global type;
        private Map<String, Object> state = Map.of();

        ObjectValue(Global type) {
            this.type = type;
        }

        Global type() {
            return type;
        }

        Map<String, Object> state() {
            return state;
        }
    }

    /** A storage record of the archive: its key under {@code data/}, its element type and its length. */
    record StorageRef(String key, String storageType, long elements) {}

    /** A tensor: a view of a storage with an offset, a shape and strides, all in elements. */
    record TensorRef(StorageRef storage, long offset, long[] shape, long[] stride) {}

    private static final Object MARK = new Object();

    /** Stands for Python's None on the stack, which cannot hold null. */
    private static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    private final ByteBuffer in;
    private final Deque<Object> stack = new ArrayDeque<>();
    private final Map<Integer, Object> memo = new HashMap<>();

    private PickleReader(byte[] data) {
        this.in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Reads one pickled value.
     *
     * @param data the pickle's bytes
     * @return the value: a Java string, boxed number or boolean, null, list, map, or one of this class's records
     * @throws IllegalArgumentException naming the offset and what was wrong
     */
    static Object read(byte[] data) {
        return new PickleReader(data).run();
    }

    private Object run() {
        while (true) {
            if (!in.hasRemaining()) {
                throw malformed("the stream ends without STOP");
            }
            int at = in.position();
            int opcode = in.get() & 0xFF;
            switch (opcode) {
                case 0x80 -> in.get(); // PROTO
                case 0x95 -> in.getLong(); // FRAME
                case '.' -> {
                    return pop(at);
                }
                case 'c' -> push(new Global(line(), line()));
                case 0x93 -> { // STACK_GLOBAL
                    String name = (String) pop(at);
                    push(new Global((String) pop(at), name));
                }
                case 'q' -> memo.put(in.get() & 0xFF, top(at));
                case 'r' -> memo.put(in.getInt(), top(at));
                case 0x94 -> memo.put(memo.size(), top(at)); // MEMOIZE
                case 'h' -> stack.push(memoized(in.get() & 0xFF, at));
                case 'j' -> stack.push(memoized(in.getInt(), at));
                case '(' -> push(MARK);
                case ')' -> push(tuple());
                case 't' -> push(tuple(popToMark(at).toArray()));
                case 0x85 -> push(tuple(pop(at)));
                case 0x86 -> {
                    Object second = pop(at);
                    push(tuple(pop(at), second));
                }
                case 0x87 -> {
                    Object third = pop(at);
                    Object second = pop(at);
                    push(tuple(pop(at), second, third));
                }
                case ']' -> push(new ArrayList<>());
                case 'a' -> {
                    Object value = pop(at);
                    list(peek(at), at).add(value);
                }
                case 'e' -> {
                    List<Object> values = popToMark(at);
                    list(peek(at), at).addAll(values);
                }
                case '}' -> push(new LinkedHashMap<>());
                case 's' -> {
                    Object value = pop(at);
                    Object key = pop(at);
                    map(peek(at), at).put(key, value);
                }
                case 'u' -> {
                    List<Object> items = popToMark(at);
                    Map<Object, Object> target = map(peek(at), at);
                    for (int i = 0; i + 1 < items.size(); i += 2) {
                        target.put(items.get(i), items.get(i + 1));
                    }
                }
                case 'X' -> push(string(in.getInt(), at));
                case 0x8c -> push(string(in.get() & 0xFF, at));
                case 'B' -> push(bytes(in.getInt(), at));
                case 'C' -> push(bytes(in.get() & 0xFF, at));
                case 'K' -> push((long) (in.get() & 0xFF));
                case 'M' -> push((long) (in.getShort() & 0xFFFF));
                case 'J' -> push((long) in.getInt());
                case 0x8a -> push(long1(at));
                case 'G' -> push(Double.longBitsToDouble(Long.reverseBytes(in.getLong()))); // big-endian
                case 'N' -> push(NULL);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 0x81 -> { // NEWOBJ
                    pop(at);
                    Object type = pop(at);
                    if (!(type instanceof Global global)) {
                        throw malformed("NEWOBJ of " + describe(type) + " at offset " + at);
                    }
                    push(new ObjectValue(global));
                }
                case 'b' -> { // BUILD
                    Object state = pop(at);
                    Object target = peek(at);
                    if (!(target instanceof ObjectValue object) || !(state instanceof Map<?, ?> attributes)) {
                        throw malformed("BUILD of " + describe(target) + " with " + describe(state) + " at offset "
                                + at);
                    }
                    Map<String, Object> copy = new LinkedHashMap<>();
                    attributes.forEach((k, v) -> copy.put(String.valueOf(k), v));
                    object.state = copy;
                }
                case 'R' -> {
                    Object arguments = pop(at);
                    Object function = pop(at);
                    if (!(function instanceof Global global) || !(arguments instanceof List<?> list)) {
                        throw malformed("REDUCE of " + describe(function) + " at offset " + at);
                    }
                    push(reduce(global, new ArrayList<>(list), at));
                }
                case 'Q' -> push(persistent(pop(at), at));
                default -> throw malformed(String.format("unsupported pickle opcode 0x%02x at offset %d", opcode, at));
            }
        }
    }

    private Object reduce(Global function, List<Object> arguments, int at) {
        String name = function.toString();
        switch (name) {
            case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor" -> {
                if (arguments.size() < 4 || !(value(arguments.get(0)) instanceof StorageRef storage)) {
                    throw malformed(name + " without a storage at offset " + at);
                }
                return new TensorRef(storage, number(arguments.get(1), at), longs(arguments.get(2), at),
                        longs(arguments.get(3), at));
            }
            case "torch._utils._rebuild_parameter" -> {
                return value(arguments.get(0));
            }
            case "collections.OrderedDict" -> {
                return new LinkedHashMap<>();
            }
            case "torch.jit._pickle.build_intlist", "torch.jit._pickle.build_doublelist",
                    "torch.jit._pickle.build_boollist", "torch.jit._pickle.build_tensorlist",
                    "torch.jit._pickle.build_genericlist", "torch.jit._pickle.restore_type_tag" -> {
                return value(arguments.get(0));
            }
            default -> {
                List<Object> values = new ArrayList<>(arguments.size());
                arguments.forEach(a -> values.add(value(a)));
                return new Call(function, values);
            }
        }
    }

    private Object persistent(Object id, int at) {
        if (id instanceof List<?> parts && parts.size() == 5 && "storage".equals(parts.get(0))
                && parts.get(1) instanceof Global type && parts.get(2) instanceof String key) {
            return new StorageRef(key, type.name(), number(parts.get(4), at));
        }
        throw malformed("unsupported persistent id " + describe(id) + " at offset " + at);
    }

    private String line() {
        StringBuilder text = new StringBuilder();
        while (true) {
            if (!in.hasRemaining()) {
                throw malformed("the stream ends inside a GLOBAL");
            }
            byte b = in.get();
            if (b == '\n') {
                return text.toString();
            }
            text.append((char) (b & 0xFF));
        }
    }

    private String string(int length, int at) {
        return new String(bytes(length, at), StandardCharsets.UTF_8);
    }

    private byte[] bytes(int length, int at) {
        if (length < 0 || length > in.remaining()) {
            throw malformed("a string of " + length + " bytes at offset " + at + " runs past the end");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private long long1(int at) {
        byte[] bytes = bytes(in.get() & 0xFF, at);
        if (bytes.length > 8) {
            throw malformed("an integer of " + bytes.length + " bytes at offset " + at);
        }
        long value = 0;
        for (int i = bytes.length - 1; i >= 0; i--) {
            value = (value << 8) | (bytes[i] & 0xFF);
        }
        int unused = 64 - 8 * bytes.length;
        return bytes.length == 0 ? 0 : (value << unused) >> unused;
    }

    private Object memoized(int index, int at) {
        Object value = memo.get(index);
        if (value == null) {
            throw malformed("memo entry " + index + " read at offset " + at + " was never stored");
        }
        return value;
    }

    private Object pop(int at) {
        if (stack.isEmpty() || stack.peek() == MARK) {
            throw malformed("stack underflow at offset " + at);
        }
        return value(stack.pop());
    }

    private void push(Object value) {
        stack.push(value == null ? NULL : value);
    }

    private static List<Object> tuple(Object... values) {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    /** The top of the stack as stored (None as its marker), for the memo. */
    private Object top(int at) {
        if (stack.isEmpty() || stack.peek() == MARK) {
            throw malformed("nothing to memoize at offset " + at);
        }
        return stack.peek();
    }

    private Object peek(int at) {
        if (stack.isEmpty()) {
            throw malformed("stack underflow at offset " + at);
        }
        return value(stack.peek());
    }

    private List<Object> popToMark(int at) {
        List<Object> values = new ArrayList<>();
        while (true) {
            if (stack.isEmpty()) {
                throw malformed("no MARK for the opcode at offset " + at);
            }
            Object value = stack.pop();
            if (value == MARK) {
                break;
            }
            values.add(0, value(value));
        }
        return values;
    }

    private static Object value(Object stacked) {
        return stacked == NULL ? null : stacked;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object value, int at) {
        if (value instanceof ArrayList<?>) {
            return (List<Object>) value;
        }
        throw malformed("APPEND to " + describe(value) + " at offset " + at);
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> map(Object value, int at) {
        if (value instanceof LinkedHashMap<?, ?>) {
            return (Map<Object, Object>) value;
        }
        throw malformed("SETITEM on " + describe(value) + " at offset " + at);
    }

    private long number(Object value, int at) {
        if (value instanceof Long number) {
            return number;
        }
        throw malformed("expected an integer, found " + describe(value) + " at offset " + at);
    }

    private long[] longs(Object value, int at) {
        if (!(value instanceof List<?> list)) {
            throw malformed("expected a tuple of integers, found " + describe(value) + " at offset " + at);
        }
        long[] result = new long[list.size()];
        for (int i = 0; i < result.length; i++) {
            result[i] = number(list.get(i), at);
        }
        return result;
    }

    private static String describe(Object value) {
        return value == null ? "None" : value.getClass().getSimpleName();
    }

    private static IllegalArgumentException malformed(String message) {
        return new IllegalArgumentException("Malformed data.pkl: " + message);
    }
}
