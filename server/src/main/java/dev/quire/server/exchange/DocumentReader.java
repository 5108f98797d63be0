package dev.quire.server.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.storage.OpRecord;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reading half of {@link DocumentJson}: a file's head and ops, then its chat
 * ({@link ChatSection}), comments and suggestions ({@link RangeSections}). Stateless.
 */
final class DocumentReader {
    private DocumentReader() {}

    /**
     * Reads a file into a document whose ops belong to {@code docId} (the id in the file is
     * informative: a document may be imported under another id). Checks the shape only;
     * {@link ImportCheck} checks that the history holds together.
     *
     * @throws ProtocolException malformed-message or invalid-import, naming the first field that is missing or of the wrong type
     */
    static DocumentJson.Document read(ObjectMapper mapper, byte[] json, String docId) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (IOException e) {
            throw DocumentJson.malformed("body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw DocumentJson.malformed("expected a JSON object");
        }
        if (!DocumentJson.FORMAT.equals(root.path("format").asText())) {
            throw DocumentJson.invalid("format: expected \"" + DocumentJson.FORMAT + "\"");
        }
        if (root.path("formatVersion").asInt(-1) != DocumentJson.FORMAT_VERSION) {
            throw DocumentJson.invalid("formatVersion: this server reads " + DocumentJson.FORMAT_VERSION);
        }
        int version = integer(root, "version", "");
        String content = text(root, "content", "");
        JsonNode ops = root.get("ops");
        if (ops == null || !ops.isArray()) {
            throw DocumentJson.malformed("ops: expected an array");
        }
        List<OpRecord> records = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            records.add(op(ops.get(i), docId, "ops[" + i + "]."));
        }
        return new DocumentJson.Document(
                root.path("id").asText(docId),
                version,
                content,
                records,
                ChatSection.read(root, docId),
                RangeSections.comments(root, docId, version, content.length()),
                RangeSections.suggestions(root, docId, version, content.length()));
    }

    private static OpRecord op(JsonNode n, String docId, String at) {
        if (!n.isObject()) {
            throw DocumentJson.malformed(at.substring(0, at.length() - 1) + ": expected an object");
        }
        int version = integer(n, "version", at);
        JsonNode op = n.get("op");
        if (op == null || !op.isArray()) {
            throw DocumentJson.malformed(at + "op: expected an array");
        }
        Instant time;
        try {
            time = Instant.parse(text(n, "time", at));
        } catch (DateTimeParseException e) {
            throw DocumentJson.malformed(at + "time: expected an ISO-8601 instant such as 2026-12-05T21:00:00Z");
        }
        String session = optionalText(n, "sessionKey", at).orElse("");
        long seq = n.has("seq") ? longValue(n, "seq", at) : 0;
        if (session.isEmpty() != (seq == 0)) {
            throw DocumentJson.invalid(at + "seq: expected exactly with a sessionKey, and above 0");
        }
        int baseVersion = n.has("baseVersion") ? integer(n, "baseVersion", at) : version - 1;
        long submitHash = n.has("submitHash") ? longValue(n, "submitHash", at) : 0;
        if (version < 1 || baseVersion < 0 || baseVersion >= version || seq < 0) {
            throw DocumentJson.invalid(at + "version/baseVersion: expected 0 <= baseVersion < version, found "
                    + baseVersion + ", " + version);
        }
        return new OpRecord(
                docId,
                version,
                op.toString(),
                baseVersion,
                submitHash,
                session,
                seq,
                optionalText(n, "clientId", at).orElse(""),
                text(n, "author", at),
                time);
    }

    private static int integer(JsonNode n, String field, String at) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw DocumentJson.malformed(at + field + ": expected an integer");
        }
        return v.asInt();
    }

    private static long longValue(JsonNode n, String field, String at) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw DocumentJson.malformed(at + field + ": expected an integer");
        }
        return v.asLong();
    }

    private static String text(JsonNode n, String field, String at) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw DocumentJson.malformed(at + field + ": expected a string");
        }
        return v.asText();
    }

    private static Optional<String> optionalText(JsonNode n, String field, String at) {
        return n.has(field) ? Optional.of(text(n, field, at)) : Optional.empty();
    }
}
