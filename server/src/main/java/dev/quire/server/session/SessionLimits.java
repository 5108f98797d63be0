package dev.quire.server.session;

/**
 * What one connection may do, so that no client can hurt the others.
 *
 * @param opRate            ops per second a connection may sustain ({@code --op-rate}), 0 = unlimited
 * @param opBurst           ops a connection may send at once above that rate ({@code --op-burst})
 * @param maxDocuments      documents one connection may have joined at once
 *                          ({@code --max-documents-per-connection})
 * @param maxProtocolErrors error replies to one connection before it is closed with 1008
 *                          ({@code --max-protocol-errors})
 * @param maxPresenceRanges ranges in one presence message ({@code --max-presence-ranges})
 */
public record SessionLimits(int opRate, int opBurst, int maxDocuments, int maxProtocolErrors, int maxPresenceRanges) {
    public SessionLimits {
        if (opRate < 0 || opBurst < 1 || maxDocuments < 1 || maxProtocolErrors < 1 || maxPresenceRanges < 1) {
            throw new IllegalArgumentException("session limits out of range: opRate " + opRate + ", opBurst " + opBurst
                    + ", maxDocuments " + maxDocuments + ", maxProtocolErrors " + maxProtocolErrors
                    + ", maxPresenceRanges " + maxPresenceRanges);
        }
    }

    /** The defaults of docs/configuration.md. */
    public static SessionLimits defaults() {
        return new SessionLimits(50, 200, 100, 100, 100);
    }

    /** Unlimited ops, for load tests and tests of other things. */
    public SessionLimits withoutOpRate() {
        return new SessionLimits(0, opBurst, maxDocuments, maxProtocolErrors, maxPresenceRanges);
    }
}
