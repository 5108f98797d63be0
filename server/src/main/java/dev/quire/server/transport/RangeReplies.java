package dev.quire.server.transport;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.document.Commenter;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.User;
import dev.quire.server.security.Principal;
import dev.quire.server.security.Role;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * What the REST routes of comments and suggestions share (issue 17, decision 042): who a caller
 * is as an author, the {@code write} a deciding action needs, and a JSON object written field by
 * field. Thread-safe (no state but the codec).
 */
final class RangeReplies {
    /** The owner key of REST callers with authentication off: they share one owner. */
    private static final String REST_SESSION = "rest";

    private final JsonCodec codec;

    RangeReplies(JsonCodec codec) {
        this.codec = codec;
    }

    /** Writes the fields of one JSON object. */
    interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    /**
     * @throws ProtocolException {@code forbidden} when {@code needsWrite} and the principal may
     *     not write the document
     */
    static void requireWrite(Principal principal, String docId, boolean needsWrite, String wire) {
        if (needsWrite && !principal.may(docId, Role.WRITE)) {
            throw new ProtocolException(
                    ErrorCode.FORBIDDEN, "your token does not grant write on " + docId + ": " + wire + " needs it");
        }
    }

    /**
     * Who the caller is: with authentication off, the one REST owner named by the body's optional
     * {@code author}; else the principal (an admin moderates).
     *
     * @throws ProtocolException {@code malformed-message} when {@code author} is not a string
     */
    static Commenter who(String docId, Principal principal, JsonNode body) {
        JsonNode author = body.get("author");
        if (author != null && !author.isNull() && !author.isTextual()) {
            throw new ProtocolException(ErrorCode.MALFORMED_MESSAGE, "author: expected a string");
        }
        Optional<String> name = author == null || author.isNull() ? Optional.empty() : Optional.of(author.asText());
        return principal.isTrusted()
                ? new Commenter(Commenter.ownerOf("", REST_SESSION), User.cleanName(name), false)
                : new Commenter(
                        Commenter.ownerOf(principal.userId(), REST_SESSION),
                        principal.displayName(),
                        principal.may(docId, Role.ADMIN));
    }

    /** Answers 200 with one JSON object of {@code fields}. */
    void send(HttpServerExchange exchange, Fields fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = codec.mapper().getFactory().createGenerator(out)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            RestReplies.json(exchange, codec, 200, codec.mapper().readTree(out.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
