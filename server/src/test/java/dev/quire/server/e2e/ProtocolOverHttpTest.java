package dev.quire.server.e2e;

/** Every {@link ProtocolTest} (join, catch-up, exactly-once resend, presence) over the HTTP fallback ({@code /poll}) instead of the WebSocket. */
class ProtocolOverHttpTest extends ProtocolTest {
    @Override
    Transport transport() {
        return Transport.HTTP;
    }
}
