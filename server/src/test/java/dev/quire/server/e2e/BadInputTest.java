package dev.quire.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quire.server.QuireServer;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One test per bad-input rule: the error code, whether the socket closes (and with which code),
 * and that the document did not change.
 */
class BadInputTest {
    @TempDir
    Path dataDir;

    QuireServer server;
    WsClient ws;

    /** The transport under test; {@link BadInputOverHttpTest} runs every rule over the fallback. */
    Transport transport() {
        return Transport.WEBSOCKET;
    }

    @BeforeEach
    void start() throws Exception {
        server = ServerFixture.start(dataDir, "--max-message-bytes", "4096");
        ws = WsClient.connect(transport(), server.port());
        ws.send(ProtocolTest.join("doc", "session-aaaa"));
        ws.nextOfType("joined");
        ws.send(ProtocolTest.op("doc", 0, 1, "[\"hello\"]"));
        ws.nextOfType("ack");
    }

    @AfterEach
    void stop() {
        ws.close();
        server.close();
    }

    private void assertError(String frame, String code) throws Exception {
        ws.send(frame);
        JsonNode error = ws.nextOfType("error");
        assertEquals(code, error.get("code").asText(), error.toString());
        assertFalse(error.get("message").asText().isEmpty());
        assertUnchanged();
        // The connection stays usable after a client mistake that is not a protocol violation.
        ws.send("{\"type\":\"presence\",\"doc\":\"doc\",\"version\":1,\"selection\":[]}");
        assertNull(ws.quietFor(100));
        assertFalse(ws.closeCode.isDone());
    }

    private void assertUnchanged() throws Exception {
        JsonNode doc = Http.get(server.port(), "/api/docs/doc").json();
        assertEquals(1, doc.get("version").asInt());
        assertEquals("hello", doc.get("content").asText());
    }

    @Test
    void notJson() throws Exception {
        assertError("{\"type\":\"op\",", "malformed-message");
    }

    @Test
    void trailingGarbage() throws Exception {
        assertError("{\"type\":\"leave\",\"doc\":\"doc\"} {\"type\":\"leave\"}", "malformed-message");
    }

    @Test
    void notAnObject() throws Exception {
        assertError("[1,2,3]", "malformed-message");
    }

    @Test
    void wrongFieldTypes() throws Exception {
        assertError(
                "{\"type\":\"op\",\"doc\":\"doc\",\"version\":\"1\",\"seq\":2,\"op\":[5,\"x\"]}", "malformed-message");
        assertError(
                "{\"type\":\"op\",\"doc\":\"doc\",\"version\":1,\"seq\":1.5,\"op\":[5,\"x\"]}", "malformed-message");
        assertError("{\"type\":\"op\",\"doc\":\"doc\",\"version\":1,\"seq\":2,\"op\":\"x\"}", "malformed-message");
        assertError("{\"type\":7,\"doc\":\"doc\"}", "malformed-message");
        assertError(
                "{\"type\":\"presence\",\"doc\":\"doc\",\"version\":1,\"selection\":[{\"anchor\":-1,\"head\":0}]}",
                "malformed-message");
    }

    @Test
    void unknownType() throws Exception {
        assertError("{\"type\":\"dance\",\"doc\":\"doc\"}", "unknown-type");
    }

    @Test
    void invalidDocId() throws Exception {
        assertError("{\"type\":\"join\",\"doc\":\"no spaces\",\"session\":\"session-aaaa\"}", "invalid-doc-id");
        assertError(
                "{\"type\":\"join\",\"doc\":\"" + "x".repeat(129) + "\",\"session\":\"session-aaaa\"}",
                "invalid-doc-id");
    }

    @Test
    void invalidSession() throws Exception {
        assertError("{\"type\":\"join\",\"doc\":\"doc\",\"session\":\"short\"}", "invalid-session");
    }

    @Test
    void notJoined() throws Exception {
        assertError(ProtocolTest.op("other", 0, 1, "[\"x\"]"), "not-joined");
    }

    @Test
    void opWhoseBaseLengthDoesNotFit() throws Exception {
        assertError(ProtocolTest.op("doc", 1, 2, "[9,\"x\"]"), "invalid-op");
    }

    @Test
    void opThatIsNotAnOp() throws Exception {
        assertError(ProtocolTest.op("doc", 1, 2, "[0]"), "invalid-op");
        assertError(ProtocolTest.op("doc", 1, 2, "[5,\"\\ud83d\"]"), "invalid-op");
        assertError(ProtocolTest.op("doc", 1, 2, "[5,[1]]"), "invalid-op");
    }

    @Test
    void versionAheadOfTheDocument() throws Exception {
        assertError(ProtocolTest.op("doc", 7, 2, "[5,\"x\"]"), "version-out-of-range");
        assertError("{\"type\":\"presence\",\"doc\":\"doc\",\"version\":2,\"selection\":[]}", "version-out-of-range");
    }

    @Test
    void presenceBeyondTheDocument() throws Exception {
        assertError(
                "{\"type\":\"presence\",\"doc\":\"doc\",\"version\":1,\"selection\":[{\"anchor\":0,\"head\":6}]}",
                "invalid-op");
    }

    @Test
    void seqReusedWithDifferentContent() throws Exception {
        assertError(ProtocolTest.op("doc", 0, 1, "[\"other\"]"), "seq-reused");
    }

    @Test
    void seqGap() throws Exception {
        assertError(ProtocolTest.op("doc", 1, 3, "[5,\"x\"]"), "seq-gap");
    }

    @Test
    void messageTooLargeIsRefusedAndTheSocketStaysOpen() throws Exception {
        ws.send(ProtocolTest.op("doc", 1, 2, "[5,\"" + "x".repeat(5000) + "\"]"));
        JsonNode error = ws.nextOfType("error");
        assertEquals(
                "{\"type\":\"error\",\"code\":\"message-too-large\",\"message\":\"message over 4096 bytes; send the"
                        + " edit as several smaller ops\",\"doc\":\"doc\",\"seq\":2}",
                error.toString());
        assertUnchanged();
        // The same seq, small enough, is applied on the same socket.
        ws.send(ProtocolTest.op("doc", 1, 2, "[5,\"x\"]"));
        assertEquals(2, ws.nextOfType("ack").get("version").asInt());
    }

    @Test
    void binaryFrameClosesWith1003() throws Exception {
        assumeTrue(transport() == Transport.WEBSOCKET, "the fallback carries text only");
        ws.sendBinary(new byte[] {1, 2, 3});
        JsonNode error = ws.nextOfType("error");
        assertEquals("malformed-message", error.get("code").asText());
        assertEquals(1003, ws.awaitClose());
        assertUnchanged();
    }
}
