package dev.quire.server.transport;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.Ids;
import dev.quire.server.protocol.ServerMessage;
import java.io.IOException;
import java.util.Optional;

/**
 * A text message over {@code --max-message-bytes}: only its first {@value #HEAD_CHARS} characters
 * are kept, the rest is dropped as it arrives, and the refusal names the document and seq read
 * from that head when the message is an op whose {@code doc} and {@code seq} come before its
 * {@code op} (as every client of this protocol writes them). The socket stays open: the client
 * is told which op was refused and goes on (decision 020).
 *
 * <p>Owned by one socket's frame handler; not thread-safe.
 */
final class OversizedMessage {
    /** Enough for {@code type}, {@code doc}, {@code version} and {@code seq} of any valid op. */
    static final int HEAD_CHARS = 512;

    private final StringBuilder head = new StringBuilder(HEAD_CHARS);

    /** Keeps what still fits in the head of the message. */
    void add(String part) {
        int room = HEAD_CHARS - head.length();
        if (room > 0) {
            head.append(part, 0, Math.min(room, part.length()));
        }
    }

    /** The error for the whole message, then forgets it. */
    ServerMessage.Error refuse(JsonFactory factory, int maxBytes) {
        Optional<String> doc = Optional.empty();
        Optional<Long> seq = Optional.empty();
        try (JsonParser p = factory.createParser(head.toString())) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    if (field.equals("doc") && value == JsonToken.VALUE_STRING && Ids.isDocId(p.getText())) {
                        doc = Optional.of(p.getText());
                    } else if (field.equals("seq") && value == JsonToken.VALUE_NUMBER_INT && p.getLongValue() >= 1) {
                        seq = Optional.of(p.getLongValue());
                    } else if (field.equals("op")) {
                        break;
                    } else {
                        p.skipChildren();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // The head ends mid-token or is not JSON: refuse without doc or seq.
        }
        head.setLength(0);
        return new ServerMessage.Error(
                ErrorCode.MESSAGE_TOO_LARGE,
                "message over " + maxBytes + " bytes; send the edit as several smaller ops",
                doc,
                seq);
    }
}
