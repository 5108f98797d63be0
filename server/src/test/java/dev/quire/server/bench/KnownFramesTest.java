package dev.quire.server.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.quire.ot.TextOperation;
import dev.quire.server.bench.WsFrames.ProtocolException;
import dev.quire.server.protocol.ErrorCode;
import dev.quire.server.protocol.ServerMessage;
import dev.quire.server.transport.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The transport's known frames: a batch frame is parsed once, its copies are found by their bytes. */
class KnownFramesTest {
    private static final JsonCodec CODEC = new JsonCodec();

    private static byte[] frame(ServerMessage message) {
        return CODEC.encode(message).getBytes(StandardCharsets.UTF_8);
    }

    private static ServerMessage.Ops batch(int version) {
        TextOperation op = TextOperation.builder().insert("é🎉").build();
        return new ServerMessage.Ops(
                "doc-1", List.of(new ServerMessage.CatchUpOp(version, op, "c1", Optional.of(1L))), List.of());
    }

    @Test
    void aBatchIsParsedOnceAndItsCopiesAreFoundByTheirBytesAtAnyOffset() throws Exception {
        KnownFrames frames = new KnownFrames();
        byte[] a = frame(batch(1));
        ServerMessage first = frames.decode(a, 0, a.length);
        assertEquals(batch(1), first);
        byte[] padded = new byte[a.length + 7];
        System.arraycopy(a, 0, padded, 5, a.length);
        assertSame(first, frames.decode(a.clone(), 0, a.length));
        assertSame(first, frames.decode(padded, 5, a.length));
        assertEquals(1, frames.parsed());
        assertEquals(2, frames.known());

        byte[] b = frame(batch(2));
        assertEquals(batch(2), frames.decode(b, 0, b.length));
        assertSame(first, frames.decode(a, 0, a.length));
        assertEquals(2, frames.parsed());
        assertEquals(3, frames.known());
    }

    @Test
    void otherMessagesAreParsedEachTime() throws Exception {
        KnownFrames frames = new KnownFrames();
        byte[] error = frame(new ServerMessage.Error(
                ErrorCode.RATE_LIMITED, "slow down", Optional.empty(), Optional.empty(), OptionalLong.empty()));
        frames.decode(error, 0, error.length);
        frames.decode(error, 0, error.length);
        assertEquals(2, frames.parsed());
        assertEquals(0, frames.known());
    }

    @Test
    void bytesThatAreNotUtf8FailAsTheReaderWould() {
        KnownFrames frames = new KnownFrames();
        byte[] bad = {'{', (byte) 0xC0, (byte) 0x80, '}'};
        ProtocolException e = assertThrows(ProtocolException.class, () -> frames.decode(bad, 0, bad.length));
        assertEquals("invalid UTF-8", e.getMessage());
        assertEquals(WsFrames.INVALID_PAYLOAD, e.closeCode());
    }
}
