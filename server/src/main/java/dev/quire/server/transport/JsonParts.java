package dev.quire.server.transport;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.quire.ot.InvalidOperationException;
import dev.quire.ot.Selection;
import dev.quire.ot.TextOperation;
import dev.quire.server.protocol.User;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The pieces every message of both directions shares: an op ({@code [5,"ab",-3]}), a selection
 * ({@code [{"anchor":4,"head":9}]}) and a user ({@code {"name":"Ada","color":"#e6194b"}}).
 *
 * <p>An op is read only into its components (numbers and strings, as JSON gave them) and handed
 * to ot-core's {@link TextOperation#fromJson}, the one place that decides what a valid op is.
 * Stateless.
 */
final class JsonParts {
    private JsonParts() {}

    /** The components of a JSON array read as a tree. */
    static TextOperation parseOp(ArrayNode array) {
        List<Object> components = new ArrayList<>(array.size());
        for (JsonNode c : array) {
            if (c.isTextual()) {
                components.add(c.asText());
            } else if (c.isIntegralNumber()) {
                components.add(c.canConvertToLong() ? (Object) c.asLong() : (Object) c.doubleValue());
            } else if (c.isNumber()) {
                components.add(c.doubleValue());
            } else {
                throw notAComponent(components.size(), c.toString());
            }
        }
        return TextOperation.fromJson(components);
    }

    /** The components of the array that starts at the parser's current token, streamed. */
    static TextOperation readOp(JsonParser p) throws IOException {
        List<Object> components = new ArrayList<>(4);
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == JsonToken.VALUE_STRING) {
                components.add(p.getText());
            } else if (t == JsonToken.VALUE_NUMBER_INT) {
                components.add(
                        p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                                ? (Object) p.getDoubleValue()
                                : (Object) p.getLongValue());
            } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
                components.add(p.getDoubleValue());
            } else {
                throw notAComponent(components.size(), p.getText());
            }
        }
        return TextOperation.fromJson(components);
    }

    private static InvalidOperationException notAComponent(int index, String found) {
        return new InvalidOperationException("fromJson: component " + index
                + ": expected a non-zero integer or a non-empty string, found " + abbreviate(found));
    }

    /** Writes an op in its one JSON form, {@link TextOperation#toString()} (escaped as Jackson would). */
    static void writeOp(JsonGenerator g, TextOperation op) throws IOException {
        g.writeRawValue(op.toString());
    }

    static void writeUser(JsonGenerator g, User user) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", user.name());
        g.writeStringField("color", user.color());
        g.writeEndObject();
    }

    static void writeRanges(JsonGenerator g, List<Selection.Range> ranges) throws IOException {
        g.writeStartArray();
        for (Selection.Range r : ranges) {
            g.writeStartObject();
            g.writeNumberField("anchor", r.anchor());
            g.writeNumberField("head", r.head());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** {@code s}, cut to 80 characters for an error message. */
    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
