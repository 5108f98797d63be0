package dev.quire.server.cluster.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quire.server.cluster.Owners;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ServerMessage;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class OwnerCodecTest {
    @Test
    void aForwardedSubmissionIsTheEditorsOwn() {
        Owners.Forward f = new Owners.Forward("notes", "web-2", "c3k9qz.1f", "s-1", 7, 11, "[3,\"😀\"]", "Ada", "u-1");
        String text = OwnerCodec.encode(f);
        assertEquals(
                "{\"type\":\"forward\",\"doc\":\"notes\",\"node\":\"web-2\",\"clientId\":\"c3k9qz.1f\",\"session\":\"s-1\","
                        + "\"seq\":7,\"baseVersion\":11,\"op\":\"[3,\\\"😀\\\"]\",\"author\":\"Ada\",\"userId\":\"u-1\"}",
                text);
        assertEquals(f, OwnerCodec.decode(text));
    }

    @Test
    void anAckAndARefusalGoBackWithTheirCodes() {
        Owners.Reply ack = new Owners.Reply("notes", "c3k9qz.1f", new ServerMessage.Ack("notes", 7, 12));
        assertEquals(
                "{\"doc\":\"notes\",\"clientId\":\"c3k9qz.1f\",\"type\":\"ack\",\"seq\":7,\"version\":12}",
                OwnerCodec.encode(ack));
        assertEquals(ack, OwnerCodec.decode(OwnerCodec.encode(ack)));

        Owners.Reply refused = new Owners.Reply(
                "notes",
                "c3k9qz.1f",
                new ServerMessage.Error(
                        ErrorCode.RETRY_LATER,
                        "send it again",
                        Optional.of("notes"),
                        Optional.of(7L),
                        OptionalLong.of(500)));
        assertEquals(
                "{\"doc\":\"notes\",\"clientId\":\"c3k9qz.1f\",\"type\":\"refused\",\"seq\":7,\"code\":\"retry-later\","
                        + "\"message\":\"send it again\",\"retryAfterMs\":500}",
                OwnerCodec.encode(refused));
        assertEquals(refused, OwnerCodec.decode(OwnerCodec.encode(refused)));

        Owners.Reply gap = new Owners.Reply(
                "notes",
                "c3k9qz.1f",
                new ServerMessage.Error(
                        ErrorCode.SEQ_GAP, "seq: expected 6, found 7", Optional.of("notes"), Optional.of(7L)));
        assertEquals(gap, OwnerCodec.decode(OwnerCodec.encode(gap)));
    }

    @Test
    void anUnknownTypeOrCodeIsRefusedByName() {
        assertEquals(
                "request: unknown type \"vote\"",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> OwnerCodec.decode("{\"type\":\"vote\",\"doc\":\"d\"}"))
                        .getMessage());
        assertEquals(
                "request: unknown code \"nope\"",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> OwnerCodec.decode(
                                        "{\"type\":\"refused\",\"doc\":\"d\",\"clientId\":\"c\",\"code\":\"nope\",\"message\":\"m\"}"))
                        .getMessage());
        assertEquals(
                "request: missing \"doc\"",
                assertThrows(IllegalArgumentException.class, () -> OwnerCodec.decode("{\"type\":\"ack\"}"))
                        .getMessage());
    }
}
