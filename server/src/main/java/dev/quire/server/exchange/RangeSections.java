package dev.quire.server.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.quire.ot.AnchoredRange;
import dev.quire.server.protocol.CommentAction;
import dev.quire.server.protocol.SuggestionAction;
import dev.quire.server.storage.Anchor;
import dev.quire.server.storage.CommentRecord;
import dev.quire.server.storage.SuggestionRecord;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The {@code "comments"} and {@code "suggestions"} sections of a JSON export read back for an
 * import (issue 17, decision 042; docs/export-format.md): each in its wire form, its range at the
 * file's {@code version}. An import keeps what the file says — ids, threads, authors, owners,
 * times, states — and anchors every range at that version, where the export took it. Absent
 * sections read as empty, so older files import as before. Stateless.
 */
final class RangeSections {
    private static final int MAX_NAME = 64;

    private RangeSections() {}

    /** The comments of {@code root}, checked against the text they are anchored in. */
    static List<CommentRecord> comments(JsonNode root, String docId, int version, int length) {
        JsonNode all = array(root, "comments");
        List<CommentRecord> out = new ArrayList<>(all.size());
        Set<Long> threads = new HashSet<>();
        long last = 0;
        for (int i = 0; i < all.size(); i++) {
            String at = "comments[" + i + "].";
            JsonNode c = object(all.get(i), at);
            long id = id(c, "id", at, last);
            long thread = positive(c, "thread", at);
            boolean first = thread == id;
            if (!first && !threads.contains(thread)) {
                throw DocumentJson.invalid(at + "thread: no earlier thread " + thread);
            }
            boolean deleted = flag(c, "deleted", at);
            String text = text(c, "text", at);
            if (text.length() > CommentAction.MAX_TEXT || (text.isBlank() != deleted)) {
                throw DocumentJson.invalid(at + "text: expected 1.." + CommentAction.MAX_TEXT
                        + " code units, not blank (empty exactly when deleted)");
            }
            Optional<Anchor> anchor = Optional.empty();
            boolean resolved = false;
            if (first) {
                anchor = Optional.of(new Anchor(range(c, at, length), version));
                resolved = flag(c, "resolved", at);
                threads.add(id);
            } else if (c.has("start") || c.has("end") || c.has("resolved")) {
                throw DocumentJson.invalid(at + "start: a reply has no range and no state");
            }
            out.add(new CommentRecord(
                    docId,
                    id,
                    thread,
                    name(c, "owner", at),
                    name(c, "author", at),
                    text,
                    time(c, "created", at),
                    optionalTime(c, "edited", at),
                    deleted,
                    resolved,
                    anchor));
            last = id;
        }
        return out;
    }

    /** The suggestions of {@code root}, checked against the text they are anchored in. */
    static List<SuggestionRecord> suggestions(JsonNode root, String docId, int version, int length) {
        JsonNode all = array(root, "suggestions");
        List<SuggestionRecord> out = new ArrayList<>(all.size());
        long last = 0;
        for (int i = 0; i < all.size(); i++) {
            String at = "suggestions[" + i + "].";
            JsonNode s = object(all.get(i), at);
            long id = id(s, "id", at, last);
            String text = text(s, "text", at);
            if (text.length() > SuggestionAction.MAX_TEXT) {
                throw DocumentJson.invalid(at + "text: over the limit of " + SuggestionAction.MAX_TEXT);
            }
            String status = text(s, "status", at);
            if (!SuggestionRecord.STATUSES.contains(status)) {
                throw DocumentJson.invalid(at + "status: expected open, accepted or rejected");
            }
            Optional<Instant> decided = optionalTime(s, "decided", at);
            Optional<String> decidedBy = s.has("decidedBy") ? Optional.of(name(s, "decidedBy", at)) : Optional.empty();
            if (status.equals("open") == decided.isPresent() || decided.isPresent() != decidedBy.isPresent()) {
                throw DocumentJson.invalid(at + "decided: expected with decidedBy exactly on a decided suggestion");
            }
            OptionalInt acceptedIn = OptionalInt.empty();
            if (s.has("acceptedIn")) {
                long in = positive(s, "acceptedIn", at);
                if (!status.equals("accepted") || in > version) {
                    throw DocumentJson.invalid(
                            at + "acceptedIn: expected on an accepted suggestion, a version 1.." + version);
                }
                acceptedIn = OptionalInt.of((int) in);
            }
            out.add(new SuggestionRecord(
                    docId,
                    id,
                    name(s, "owner", at),
                    name(s, "author", at),
                    text,
                    time(s, "created", at),
                    optionalTime(s, "edited", at),
                    status,
                    decided,
                    decidedBy,
                    acceptedIn,
                    new Anchor(range(s, at, length), version)));
            last = id;
        }
        return out;
    }

    private static JsonNode array(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return JsonNodeFactory.instance.arrayNode();
        }
        if (!n.isArray()) {
            throw DocumentJson.malformed(field + ": expected an array");
        }
        return n;
    }

    private static JsonNode object(JsonNode n, String at) {
        if (!n.isObject()) {
            throw DocumentJson.malformed(at.substring(0, at.length() - 1) + ": expected an object");
        }
        return n;
    }

    /** An id above the one before it: ids are kept, so they must be unique and in order. */
    private static long id(JsonNode n, String field, String at, long before) {
        long id = positive(n, field, at);
        if (id <= before) {
            throw DocumentJson.invalid(at + field + ": " + id + " is not above the previous " + before);
        }
        return id;
    }

    private static long positive(JsonNode n, String field, String at) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw DocumentJson.malformed(at + field + ": expected an integer");
        }
        if (v.asLong() < 1) {
            throw DocumentJson.invalid(at + field + ": expected >= 1");
        }
        return v.asLong();
    }

    private static AnchoredRange range(JsonNode n, String at, int length) {
        long start = natural(n, "start", at);
        long end = natural(n, "end", at);
        if (start > end || end > length) {
            throw DocumentJson.invalid(at + "end: expected start <= end <= " + length + " (the text's length), found "
                    + start + ".." + end);
        }
        return new AnchoredRange((int) start, (int) end);
    }

    private static long natural(JsonNode n, String field, String at) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            throw DocumentJson.malformed(at + field + ": expected an integer >= 0");
        }
        return v.asInt();
    }

    private static boolean flag(JsonNode n, String field, String at) {
        JsonNode v = n.get(field);
        if (v == null || !v.isBoolean()) {
            throw DocumentJson.malformed(at + field + ": expected true or false");
        }
        return v.asBoolean();
    }

    private static String name(JsonNode n, String field, String at) {
        String name = text(n, field, at);
        if (name.length() > MAX_NAME) {
            throw DocumentJson.invalid(at + field + ": expected at most " + MAX_NAME + " characters");
        }
        return name;
    }

    private static Instant time(JsonNode n, String field, String at) {
        try {
            return Instant.parse(text(n, field, at));
        } catch (DateTimeParseException e) {
            throw DocumentJson.malformed(at + field + ": expected an ISO-8601 instant such as 2026-12-05T21:00:00Z");
        }
    }

    private static Optional<Instant> optionalTime(JsonNode n, String field, String at) {
        return n.has(field) ? Optional.of(time(n, field, at)) : Optional.empty();
    }

    private static String text(JsonNode n, String field, String at) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw DocumentJson.malformed(at + field + ": expected a string");
        }
        return v.asText();
    }
}
