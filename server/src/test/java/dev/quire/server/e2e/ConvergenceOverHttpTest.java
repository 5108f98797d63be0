package dev.quire.server.e2e;

/** Every {@link ConvergenceTest} (concurrent typing) over the HTTP fallback ({@code /poll}) instead of the WebSocket. */
class ConvergenceOverHttpTest extends ConvergenceTest {
    @Override
    Transport transport() {
        return Transport.HTTP;
    }
}
