package dev.quire.server.storage.pg;

import dev.quire.server.storage.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's row in the {@code nodes} table: written when the node starts, its {@code last_seen}
 * refreshed every {@value #HEARTBEAT_SECONDS} s with the database's clock, deleted when it stops.
 * A node whose row is younger than {@value #STALE_SECONDS} s is running.
 *
 * <p>Without a bus, a node refuses to start while another is running: it would never hear of the
 * other's ops, and its editors would edit stale documents (their ops would still be correct —
 * the database orders them — but every one would conflict). Two nodes starting at the same moment
 * both see each other (each writes its row before it looks) and both refuse.
 */
public final class PgNodes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PgNodes.class);
    static final int HEARTBEAT_SECONDS = 5;
    static final int STALE_SECONDS = 15;

    private final DataSource dataSource;
    private final String nodeId;
    private final String instance = UUID.randomUUID().toString();
    private final ScheduledExecutorService heartbeat;

    private PgNodes(DataSource dataSource, String nodeId) {
        this.dataSource = dataSource;
        this.nodeId = nodeId;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "quire-pg-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Registers this node and starts its heartbeat.
     *
     * @param bus            the node's bus ({@code local}: none)
     * @param refuseOthers   refuse to start if another node is running
     * @throws StorageException if another running node has this id, or if another node is running
     *     and {@code refuseOthers}
     */
    public static PgNodes register(PgDocumentStore store, String nodeId, String bus, boolean refuseOthers) {
        PgNodes nodes = new PgNodes(store.dataSource(), nodeId);
        try (Connection c = nodes.dataSource.getConnection()) {
            if (nodes.runningWithMyId(c)) {
                throw new StorageException("node id " + nodeId + " is in use by a running node (seen within "
                        + STALE_SECONDS + " s); give this one another --node-id");
            }
            nodes.upsert(c, bus);
            List<String> others = nodes.others(c);
            if (refuseOthers && !others.isEmpty()) {
                nodes.deleteRow(c);
                throw new StorageException("another node is running on this database (" + String.join(", ", others)
                        + "); a node without a bus would serve stale documents: give every node --bus"
                        + " redis://host:port, or stop the other node (its row goes stale "
                        + STALE_SECONDS + " s after it stops)");
            }
        } catch (SQLException e) {
            throw new StorageException("cannot register node " + nodeId + ": " + e.getMessage(), e);
        }
        nodes.heartbeat.scheduleWithFixedDelay(nodes::beat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
        log.info("node {} registered in the nodes table (bus {})", nodeId, bus);
        return nodes;
    }

    private boolean runningWithMyId(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM nodes WHERE node_id = ? AND instance <> ?"
                + " AND last_seen > now() - make_interval(secs => ?)")) {
            ps.setString(1, nodeId);
            ps.setString(2, instance);
            ps.setInt(3, STALE_SECONDS);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void upsert(Connection c, String bus) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO nodes (node_id, instance, bus, started, last_seen)"
                + " VALUES (?, ?, ?, now(), now()) ON CONFLICT (node_id) DO UPDATE SET instance = EXCLUDED.instance,"
                + " bus = EXCLUDED.bus, started = EXCLUDED.started, last_seen = EXCLUDED.last_seen")) {
            ps.setString(1, nodeId);
            ps.setString(2, instance);
            ps.setString(3, bus);
            ps.executeUpdate();
        }
    }

    /** The other running nodes, as "id (seen N s ago)". */
    private List<String> others(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT node_id, EXTRACT(EPOCH FROM now() - last_seen)"
                + " FROM nodes WHERE node_id <> ? AND last_seen > now() - make_interval(secs => ?) ORDER BY node_id")) {
            ps.setString(1, nodeId);
            ps.setInt(2, STALE_SECONDS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " seen " + Math.round(rs.getDouble(2)) + " s ago");
                }
            }
        }
        return out;
    }

    private void beat() {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("UPDATE nodes SET last_seen = now() WHERE node_id = ? AND instance = ?")) {
            ps.setString(1, nodeId);
            ps.setString(2, instance);
            ps.executeUpdate();
        } catch (SQLException | RuntimeException e) {
            log.warn("node {}: heartbeat failed ({})", nodeId, e.toString());
        }
    }

    private void deleteRow(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM nodes WHERE node_id = ? AND instance = ?")) {
            ps.setString(1, nodeId);
            ps.setString(2, instance);
            ps.executeUpdate();
        }
    }

    /** Stops the heartbeat and deletes this node's row (before the store closes). */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try (Connection c = dataSource.getConnection()) {
            deleteRow(c);
        } catch (SQLException | RuntimeException e) {
            log.warn(
                    "node {}: could not delete its row ({}); it goes stale in {} s",
                    nodeId,
                    e.toString(),
                    STALE_SECONDS);
        }
    }
}
