package dev.quire.client;

import dev.quire.ot.Selection;
import dev.quire.ot.TextOperation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One server message ({@code docs/protocol.md}, "Server → client") read by {@link JsonReader},
 * with typed, checked access to its fields: a missing or mistyped field throws
 * {@link IllegalArgumentException} naming it. Internal.
 */
final class ServerMessage {
    private final Map<?, ?> fields;

    private ServerMessage(Map<?, ?> fields) {
        this.fields = fields;
    }

    /** Reads one frame; an object with a string {@code type}, else IllegalArgumentException. */
    static ServerMessage parse(String text) {
        Object value = JsonReader.read(text);
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("expected a JSON object, found " + text);
        }
        return of(map).requireType();
    }

    private static ServerMessage of(Map<?, ?> map) {
        return new ServerMessage(map);
    }

    private ServerMessage requireType() {
        string("type");
        return this;
    }

    String type() {
        return string("type");
    }

    /** The document the message is about, absent for connection-wide errors. */
    Optional<String> doc() {
        return optionalString("doc");
    }

    String string(String name) {
        return optionalString(name).orElseThrow(() -> missing(name, "a string"));
    }

    Optional<String> optionalString(String name) {
        Object v = fields.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof String s)) {
            throw missing(name, "a string");
        }
        return Optional.of(s);
    }

    int integer(String name) {
        return optionalInt(name).orElseThrow(() -> missing(name, "an integer"));
    }

    OptionalInt optionalInt(String name) {
        Object v = fields.get(name);
        if (v == null) {
            return OptionalInt.empty();
        }
        if (!(v instanceof Long n) || n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw missing(name, "an integer");
        }
        return OptionalInt.of(n.intValue());
    }

    boolean has(String name) {
        return fields.containsKey(name);
    }

    TextOperation op(String name) {
        return TextOperation.fromJson(list(name));
    }

    List<?> list(String name) {
        Object v = fields.get(name);
        if (!(v instanceof List<?> list)) {
            throw missing(name, "an array");
        }
        return list;
    }

    /** The entries of an array of objects (catch-up {@code ops}, {@code peers}). */
    List<ServerMessage> objects(String name) {
        List<ServerMessage> out = new ArrayList<>();
        for (Object item : list(name)) {
            if (!(item instanceof Map<?, ?> map)) {
                throw missing(name, "an array of objects");
            }
            out.add(of(map));
        }
        return out;
    }

    /** A nested object ({@code user}); an empty one when absent. */
    ServerMessage object(String name) {
        Object v = fields.get(name);
        if (v == null) {
            return of(Map.of());
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw missing(name, "an object");
        }
        return of(map);
    }

    /** A {@code selection} array of {@code {anchor, head}}; empty when absent or {@code []}. */
    Optional<Selection> selection() {
        if (!has("selection") || list("selection").isEmpty()) {
            return Optional.empty();
        }
        List<Selection.Range> ranges = new ArrayList<>();
        for (ServerMessage range : objects("selection")) {
            ranges.add(new Selection.Range(range.integer("anchor"), range.integer("head")));
        }
        return Optional.of(new Selection(ranges));
    }

    private IllegalArgumentException missing(String name, String what) {
        return new IllegalArgumentException("field \"" + name + "\": expected " + what + ", found " + fields.get(name));
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
