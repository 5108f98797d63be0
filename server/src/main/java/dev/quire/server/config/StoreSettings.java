package dev.quire.server.config;

import dev.quire.server.storage.pg.PgLocation;
import java.util.Objects;
import java.util.Optional;

/**
 * Where documents are stored and who else stores there (docs/configuration.md, decision 018).
 *
 * @param postgresql        the PostgreSQL database ({@code --store postgresql://…}), or empty for
 *                          the embedded H2 database in the data directory ({@code --store h2})
 * @param poolSize          connections to PostgreSQL ({@code --store-pool-size})
 * @param nodeId            this server's name in the cluster, its logs and metrics ({@code --node-id})
 * @param bus               how committed ops reach the other nodes ({@code --bus}): {@code local}, or
 *                          {@code redis://host:port}
 * @param busPrefix         the first part of every Redis key and channel of the bus ({@code --bus-prefix})
 * @param refusePeers       refuse to start on PostgreSQL while another node is seen and there is no
 *                          bus (always, but in tests that run two nodes without one on purpose)
 */
public record StoreSettings(
        Optional<PgLocation> postgresql,
        int poolSize,
        String nodeId,
        String bus,
        String busPrefix,
        boolean refusePeers) {
    public static final String LOCAL_BUS = "local";

    public StoreSettings {
        Objects.requireNonNull(postgresql, "postgresql");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(bus, "bus");
        Objects.requireNonNull(busPrefix, "busPrefix");
    }

    /** Whether the node has no bus ({@code --bus local}). */
    public boolean localBus() {
        return bus.equals(LOCAL_BUS);
    }

    /** The same settings, but a node on PostgreSQL without a bus starts beside another (tests only). */
    public StoreSettings allowingPeersWithoutBus() {
        return new StoreSettings(postgresql, poolSize, nodeId, bus, busPrefix, false);
    }

    /** The same settings with another bus and key prefix. */
    public StoreSettings withBus(String uri, String prefix) {
        return new StoreSettings(postgresql, poolSize, nodeId, uri, prefix, refusePeers);
    }

    /** The same settings with another node id. */
    public StoreSettings withNodeId(String id) {
        return new StoreSettings(postgresql, poolSize, id, bus, busPrefix, refusePeers);
    }
}
