package dev.quire.server.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quire.ot.Selection;
import dev.quire.ot.TextOperation;
import dev.quire.server.protocol.ClientMessage;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ProtocolException;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.protocol.User;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The codec without a server: the exact error (code, message, doc, seq) of each kind of bad client
 * frame, and every message kind of both directions read back equal to what was written.
 */
class JsonCodecTest {
    private final JsonCodec codec = new JsonCodec();

    private void assertRejected(
            String frame, ErrorCode code, String message, Optional<String> doc, Optional<Long> seq) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> codec.decode(frame));
        assertEquals(new ServerMessage.Error(code, message, doc, seq), e.toMessage());
    }

    private void assertMalformed(String frame, String message, Optional<String> doc, Optional<Long> seq) {
        assertRejected(frame, ErrorCode.MALFORMED_MESSAGE, message, doc, seq);
    }

    @Test
    void unknownTypeCarriesTheDocAndSeq() {
        assertRejected(
                "{\"type\":\"dance\",\"doc\":\"d\",\"seq\":4}",
                ErrorCode.UNKNOWN_TYPE,
                "unknown type: dance",
                Optional.of("d"),
                Optional.of(4L));
    }

    @Test
    void missingFields() {
        assertMalformed("{\"doc\":\"d\"}", "type: expected a string", Optional.empty(), Optional.empty());
        assertMalformed("{\"type\":\"leave\"}", "doc: expected a string", Optional.empty(), Optional.empty());
        assertMalformed(
                "{\"type\":\"join\",\"doc\":\"d\"}", "session: expected a string", Optional.of("d"), Optional.empty());
        assertMalformed(
                "{\"type\":\"op\",\"doc\":\"d\",\"version\":0,\"op\":[\"x\"]}",
                "seq: expected an integer >= 1",
                Optional.of("d"),
                Optional.empty());
        assertMalformed(
                "{\"type\":\"op\",\"doc\":\"d\",\"seq\":2,\"op\":[\"x\"]}",
                "version: expected an integer >= 0",
                Optional.of("d"),
                Optional.of(2L));
        assertMalformed(
                "{\"type\":\"op\",\"doc\":\"d\",\"version\":0,\"seq\":2}",
                "op: expected an array",
                Optional.of("d"),
                Optional.of(2L));
        assertMalformed(
                "{\"type\":\"presence\",\"doc\":\"d\"}",
                "version: expected an integer >= 0",
                Optional.of("d"),
                Optional.empty());
    }

    @Test
    void illTypedFields() {
        assertMalformed("{\"type\":7,\"doc\":\"d\"}", "type: expected a string", Optional.empty(), Optional.empty());
        assertMalformed(
                "{\"type\":\"leave\",\"doc\":[\"d\"],\"seq\":3}",
                "doc: expected a string",
                Optional.empty(),
                Optional.of(3L));
        assertMalformed(
                "{\"type\":\"join\",\"doc\":\"d\",\"session\":\"session-1\",\"user\":\"Ada\"}",
                "user: expected an object",
                Optional.of("d"),
                Optional.empty());
        assertMalformed(
                "{\"type\":\"join\",\"doc\":\"d\",\"session\":\"session-1\",\"user\":{\"name\":5}}",
                "user.name: expected a string",
                Optional.of("d"),
                Optional.empty());
        assertMalformed(
                "{\"type\":\"op\",\"doc\":\"d\",\"version\":\"1\",\"seq\":2,\"op\":[\"x\"]}",
                "version: expected an integer >= 0",
                Optional.of("d"),
                Optional.of(2L));
        assertMalformed(
                "{\"type\":\"op\",\"doc\":\"d\",\"version\":1,\"seq\":2,\"op\":\"x\"}",
                "op: expected an array",
                Optional.of("d"),
                Optional.of(2L));
        assertMalformed(
                "{\"type\":\"presence\",\"doc\":\"d\",\"version\":1,\"selection\":{}}",
                "selection: expected an array",
                Optional.of("d"),
                Optional.empty());
        assertMalformed(
                "{\"type\":\"presence\",\"doc\":\"d\",\"version\":1,\"selection\":[{\"anchor\":1,\"head\":\"2\"}]}",
                "selection: expected objects with integer anchor and head >= 0",
                Optional.of("d"),
                Optional.empty());
    }

    @Test
    void versionOutOfRange() {
        String tooBig = "{\"type\":\"op\",\"doc\":\"d\",\"version\":2147483648,\"seq\":2,\"op\":[\"x\"]}";
        assertMalformed(tooBig, "version: expected an integer >= 0", Optional.of("d"), Optional.of(2L));
        String negative = "{\"type\":\"op\",\"doc\":\"d\",\"version\":-1,\"seq\":2,\"op\":[\"x\"]}";
        assertMalformed(negative, "version: expected an integer >= 0", Optional.of("d"), Optional.of(2L));
        String fraction = "{\"type\":\"presence\",\"doc\":\"d\",\"version\":1.5}";
        assertMalformed(fraction, "version: expected an integer >= 0", Optional.of("d"), Optional.empty());
        String join = "{\"type\":\"join\",\"doc\":\"d\",\"session\":\"session-1\",\"version\":-3}";
        assertMalformed(join, "version: expected an integer >= 0", Optional.of("d"), Optional.empty());
    }

    @Test
    void seqOutOfRange() {
        assertMalformed(
                "{\"type\":\"op\",\"doc\":\"d\",\"version\":0,\"seq\":0,\"op\":[\"x\"]}",
                "seq: expected an integer >= 1",
                Optional.of("d"),
                Optional.empty());
        assertMalformed(
                "{\"type\":\"op\",\"doc\":\"d\",\"version\":0,\"seq\":9223372036854775808,\"op\":[\"x\"]}",
                "seq: expected an integer >= 1",
                Optional.of("d"),
                Optional.empty());
        assertMalformed(
                "{\"type\":\"op\",\"doc\":\"d\",\"version\":0,\"seq\":1.0,\"op\":[\"x\"]}",
                "seq: expected an integer >= 1",
                Optional.of("d"),
                Optional.empty());
    }

    @Test
    void nestingDeeperThan16IsNotJson() {
        String deep = "[".repeat(16) + "]".repeat(16);
        assertMalformed(
                "{\"type\":\"op\",\"doc\":\"d\",\"version\":0,\"seq\":1,\"op\":" + deep + "}",
                "not JSON: Document nesting depth (17) exceeds the maximum allowed (16, from `StreamRead...",
                Optional.empty(),
                Optional.empty());
    }

    @Test
    void longNumbersAndStringsOverTheMessageLimitAreNotJson() {
        JsonCodec server = new JsonCodec(1024);
        ProtocolException number = assertThrows(
                ProtocolException.class,
                () -> server.decode("{\"type\":\"leave\",\"doc\":\"d\",\"x\":" + "1".repeat(33) + "}"));
        assertEquals(ErrorCode.MALFORMED_MESSAGE, number.code());
        ProtocolException string = assertThrows(
                ProtocolException.class,
                () -> server.decode("{\"type\":\"leave\",\"doc\":\"d\",\"x\":\"" + "s".repeat(1025) + "\"}"));
        assertEquals(ErrorCode.MALFORMED_MESSAGE, string.code());
        assertEquals(
                new ClientMessage.Leave("d"),
                server.decode("{\"type\":\"leave\",\"doc\":\"d\",\"x\":\"" + "s".repeat(1000) + "\"}"));
    }

    @Test
    void trailingTokensAreNotJson() {
        assertMalformed(
                "{\"type\":\"leave\",\"doc\":\"d\"} {}",
                "not JSON: Trailing token (of type START_OBJECT) found after value (bound as `com.faster...",
                Optional.empty(),
                Optional.empty());
    }

    @Test
    void anOpOtCoreRefusesIsInvalidOp() {
        assertRejected(
                "{\"type\":\"op\",\"doc\":\"d\",\"version\":0,\"seq\":1,\"op\":[true]}",
                ErrorCode.INVALID_OP,
                "fromJson: component 0: expected a non-zero integer or a non-empty string, found true",
                Optional.of("d"),
                Optional.of(1L));
    }

    private static final TextOperation OP =
            TextOperation.builder().retain(3).insert("a\"😀\n").delete(2).build();
    private static final List<Selection.Range> RANGES = List.of(new Selection.Range(4, 9), new Selection.Range(0, 0));
    private static final User ADA = new User("Ada \"A\" Lovelace", "#e6194b");

    @Test
    void everyServerMessageReadsBackEqual() {
        List<ServerMessage> messages = List.of(
                new ServerMessage.Joined(
                        "notes",
                        17,
                        Optional.of("héllo 😀"),
                        List.of(),
                        "c1",
                        List.of(
                                new ServerMessage.Peer("c2", ADA, RANGES),
                                new ServerMessage.Peer("c3", ADA, List.of()))),
                new ServerMessage.Joined(
                        "notes",
                        14,
                        Optional.empty(),
                        List.of(
                                new ServerMessage.CatchUpOp(13, OP, "c9", Optional.empty()),
                                new ServerMessage.CatchUpOp(14, OP, "c7", Optional.of(4L))),
                        "c1",
                        List.of(),
                        "read",
                        Optional.of(ADA)),
                new ServerMessage.Ack("notes", 3, 18),
                new ServerMessage.Op("notes", 18, OP, ""),
                new ServerMessage.Presence("notes", "c2", ADA, 18, RANGES),
                new ServerMessage.Left("notes", "c2"),
                new ServerMessage.Error(
                        ErrorCode.SEQ_GAP, "seq: expected 4, found 6", Optional.of("notes"), Optional.of(6L)),
                new ServerMessage.Error(ErrorCode.MALFORMED_MESSAGE, "not JSON", Optional.empty(), Optional.empty()),
                new ServerMessage.Error(
                        ErrorCode.RATE_LIMITED,
                        "slow down",
                        Optional.of("notes"),
                        Optional.of(7L),
                        java.util.OptionalLong.of(20)));
        for (ServerMessage m : messages) {
            assertEquals(m, codec.decodeServer(codec.encode(m)), codec.encode(m));
        }
    }

    @Test
    void everyClientMessageReadsBackEqual() {
        List<ClientMessage> messages = List.of(
                new ClientMessage.Join("notes", "k3J9-x81_a", OptionalInt.of(12), Optional.of("Ada \"A\"")),
                new ClientMessage.Join("notes", "k3J9-x81_a", OptionalInt.empty(), Optional.empty()),
                new ClientMessage.Op("notes", 12, 3, OP),
                new ClientMessage.Presence("notes", 12, RANGES),
                new ClientMessage.Presence("notes", 12, List.of()),
                new ClientMessage.Presence("notes", 12, RANGES, Optional.of("Bo")),
                new ClientMessage.Leave("notes"),
                new ClientMessage.Auth("eyJhbGciOiJIUzI1NiJ9.e30.c2ln"));
        for (ClientMessage m : messages) {
            assertEquals(m, codec.decode(codec.encodeClient(m)), codec.encodeClient(m));
        }
    }

    @Test
    void clientFramesAreTheProtocolsBytes() {
        assertEquals(
                "{\"type\":\"op\",\"doc\":\"notes\",\"version\":12,\"seq\":3,\"op\":[5,\"ab\",-3]}",
                codec.encodeClient(new ClientMessage.Op(
                        "notes",
                        12,
                        3,
                        TextOperation.builder().retain(5).insert("ab").delete(3).build())));
        assertEquals(
                "{\"type\":\"join\",\"doc\":\"notes\",\"session\":\"k3J9-x81_a\",\"version\":12,\"user\":{\"name\":\"Ada\"}}",
                codec.encodeClient(
                        new ClientMessage.Join("notes", "k3J9-x81_a", OptionalInt.of(12), Optional.of("Ada"))));
    }

    @Test
    void theClientSideRejectsWhatIsNotAServerMessage() {
        ProtocolException e = assertThrows(
                ProtocolException.class, () -> codec.decodeServer("{\"type\":\"ack\",\"doc\":\"d\",\"version\":3}"));
        assertEquals(
                new ServerMessage.Error(
                        ErrorCode.MALFORMED_MESSAGE, "seq: missing", Optional.empty(), Optional.empty()),
                e.toMessage());
        e = assertThrows(ProtocolException.class, () -> codec.decodeServer("{\"type\":\"dance\"}"));
        assertEquals("unknown type: dance", e.getMessage());
        e = assertThrows(
                ProtocolException.class,
                () -> codec.decodeServer("{\"type\":\"left\",\"doc\":\"d\",\"clientId\":\"c\"} 1"));
        assertEquals("expected the end of the frame after the object", e.getMessage());
    }

    @Test
    void aJoinsAcceptKeepsTheTypesThisServerKnowsAndRefusesWhatIsNotAListOfStrings() {
        ClientMessage.Join join = (ClientMessage.Join) codec.decode(
                "{\"type\":\"join\",\"doc\":\"d\",\"session\":\"session-1\",\"accept\":[\"ops\",\"later\"]}");
        assertEquals(java.util.Set.of("ops"), join.accept());
        assertEquals(true, join.acceptsBatches());
        ClientMessage.Join without =
                (ClientMessage.Join) codec.decode("{\"type\":\"join\",\"doc\":\"d\",\"session\":\"session-1\"}");
        assertEquals(false, without.acceptsBatches());
        assertMalformed(
                "{\"type\":\"join\",\"doc\":\"d\",\"session\":\"session-1\",\"accept\":\"ops\"}",
                "accept: expected an array of at most 16 strings",
                Optional.of("d"),
                Optional.empty());
        assertMalformed(
                "{\"type\":\"join\",\"doc\":\"d\",\"session\":\"session-1\",\"accept\":[1]}",
                "accept: expected an array of at most 16 strings",
                Optional.of("d"),
                Optional.empty());
    }

    @Test
    void aBatchIsWrittenInTheDocumentedFormAndReadBack() {
        ServerMessage.Ops batch = new ServerMessage.Ops(
                "notes",
                List.of(
                        new ServerMessage.CatchUpOp(
                                18, TextOperation.parse("[5,\"ab\",-3]"), "c2", Optional.of(9L), Optional.empty()),
                        new ServerMessage.CatchUpOp(
                                19, TextOperation.parse("[7,\"!\"]"), "c1", Optional.of(3L), Optional.of("4f9a01c2")),
                        new ServerMessage.CatchUpOp(
                                20, TextOperation.parse("[\"# \",8]"), "", Optional.empty(), Optional.empty())),
                List.of(new ServerMessage.Presence(
                        "notes",
                        "c2",
                        new User("Ada", "#e6194b"),
                        20,
                        List.of(new dev.quire.ot.Selection.Range(4, 9)))));
        String text = codec.encode(batch);
        assertEquals(
                "{\"type\":\"ops\",\"doc\":\"notes\",\"ops\":["
                        + "{\"version\":18,\"op\":[5,\"ab\",-3],\"clientId\":\"c2\",\"seq\":9},"
                        + "{\"version\":19,\"op\":[7,\"!\"],\"clientId\":\"c1\",\"seq\":3,\"checksum\":\"4f9a01c2\"},"
                        + "{\"version\":20,\"op\":[\"# \",8],\"clientId\":\"\"}],"
                        + "\"presence\":[{\"clientId\":\"c2\",\"user\":{\"name\":\"Ada\",\"color\":\"#e6194b\"},"
                        + "\"version\":20,\"selection\":[{\"anchor\":4,\"head\":9}]}]}",
                text);
        assertEquals(batch, codec.decodeServer(text));
    }
}
