package dev.quire.server.bench;

import java.util.List;
import java.util.Map;

/**
 * What a {@link ProtocolFuzzer} run did.
 *
 * @param frames        frames the fuzz connections wrote (fragments and control frames each count)
 * @param connections   fuzz connections opened (including refused handshakes)
 * @param received      messages the fuzz connections received, by type or error code
 * @param poisonOutcome for each frame the server must fail the connection for, how the
 *                      connection ended by the slot's next step: the close code, or "open"
 * @param findings      what must never happen and did
 */
record FuzzReport(
        long seed,
        long frames,
        long nanos,
        long connections,
        Map<String, Long> received,
        Map<String, Long> poisonOutcome,
        List<String> findings,
        long stuckWrites,
        long modelMismatches) {
    double framesPerSecond() {
        return frames / (nanos / 1e9);
    }

    @Override
    public String toString() {
        return String.format(
                "[fuzz] seed=%d frames=%d in %.1f s (%.0f frames/s), %d connections, %d stuck writes,"
                        + " %d model mismatches%n[fuzz] received: %s%n[fuzz] poison -> outcome: %s%n"
                        + "[fuzz] findings (%d): %s",
                seed,
                frames,
                nanos / 1e9,
                framesPerSecond(),
                connections,
                stuckWrites,
                modelMismatches,
                received,
                poisonOutcome,
                findings.size(),
                findings);
    }
}
