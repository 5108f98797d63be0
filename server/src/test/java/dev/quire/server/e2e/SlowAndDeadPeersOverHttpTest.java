package dev.quire.server.e2e;

/**
 * {@link SlowAndDeadPeersTest} over the HTTP fallback: a client that stops polling fills its send
 * queue and is closed (1013); one that stops polling for the peer timeout is closed and its editor
 * leaves.
 */
class SlowAndDeadPeersOverHttpTest extends SlowAndDeadPeersTest {
    @Override
    Transport transport() {
        return Transport.HTTP;
    }
}
