package dev.quire.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.server.storage.pg.PgLocation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigParserTest {
    @Test
    void defaults() {
        ServerConfig c = ConfigParser.parse(List.of(), Map.of());
        assertEquals("0.0.0.0", c.host());
        assertEquals(8080, c.port());
        assertEquals(Path.of("./data"), c.dataDir());
        assertEquals(true, c.syncCommits());
        assertEquals(100, c.snapshotEvery());
        assertEquals(Duration.ofSeconds(60), c.idleUnload());
        assertEquals(10_000, c.historyLimit());
        assertEquals(1_048_576, c.maxMessageBytes());
        assertEquals(1000, c.sendQueueLimit());
        assertEquals(Duration.ofSeconds(15), c.pingInterval());
        assertEquals(Duration.ofSeconds(45), c.peerTimeout());
        assertEquals(Runtime.getRuntime().availableProcessors(), c.documentThreads());
        assertEquals(Optional.empty(), c.historyRetention());
    }

    @Test
    void historyRetentionIsForeverOrAnAgeOfAtLeastASecond() {
        assertEquals(
                Optional.of(Duration.ofDays(90)),
                ConfigParser.parse(List.of("--history-retention", "90d"), Map.of())
                        .historyRetention());
        assertEquals(
                Optional.of(Duration.ofSeconds(1)),
                ConfigParser.parse(List.of(), Map.of("QUIRE_HISTORY_RETENTION", "1s"))
                        .historyRetention());
        assertEquals(
                Optional.empty(),
                ConfigParser.parse(List.of("--history-retention", "forever"), Map.of())
                        .historyRetention());
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ConfigParser.parse(List.of("--history-retention", "500ms"), Map.of("QUIRE_IDLE_UNLOAD", "1w")));
        assertEquals(
                List.of(
                        "QUIRE_IDLE_UNLOAD: expected a duration such as 500ms, 15s, 5m or 1h, found \"1w\"",
                        "--history-retention: expected forever or an age of at least 1s, found \"500ms\""),
                e.problems());
    }

    @Test
    void flagsWinOverEnvironmentWhichWinsOverDefaults() {
        ServerConfig c = ConfigParser.parse(
                List.of("--port", "0", "--idle-unload=500ms"),
                Map.of("QUIRE_PORT", "9000", "QUIRE_HOST", "127.0.0.1", "QUIRE_SNAPSHOT_EVERY", "7"));
        assertEquals(0, c.port());
        assertEquals("127.0.0.1", c.host());
        assertEquals(7, c.snapshotEvery());
        assertEquals(Duration.ofMillis(500), c.idleUnload());
    }

    @Test
    void everyBadValueIsReportedWithItsSetting() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ConfigParser.parse(
                        List.of("--port", "70000", "--ping-interval", "soon", "--colour", "red", "--snapshot-every"),
                        Map.of("QUIRE_MAX_MESSAGE_BYTES", "12")));
        assertEquals(
                List.of(
                        "--colour: unknown option (see --help)",
                        "red: unknown option (see --help)",
                        "--snapshot-every: expected a value",
                        "--port: expected an integer 0..65535, found 70000",
                        "QUIRE_MAX_MESSAGE_BYTES: expected an integer 1024..67108864, found 12",
                        "--ping-interval: expected a duration such as 500ms, 15s, 5m or 1h, found \"soon\""),
                e.problems());
    }

    @Test
    void theStoreIsH2UnlessAPostgresqlUrlIsGiven() {
        StoreSettings h2 = ConfigParser.parse(List.of(), Map.of()).store();
        assertEquals(Optional.empty(), h2.postgresql());
        assertEquals(10, h2.poolSize());
        assertEquals("local", h2.bus());
        assertTrue(h2.nodeId().matches("node-[0-9a-f]{8}"), h2.nodeId());
        assertTrue(h2.refusePeers());
        StoreSettings pg = ConfigParser.parse(
                        List.of("--store-pool-size", "4", "--node-id", "web-1"),
                        Map.of("QUIRE_STORE", "postgresql://quire:p%40ss:w@db.example.com:6543/docs?sslmode=require"))
                .store();
        assertEquals(
                Optional.of(new PgLocation(
                        "jdbc:postgresql://db.example.com:6543/docs?sslmode=require", "quire", "p@ss:w")),
                pg.postgresql());
        assertEquals(
                "jdbc:postgresql://db.example.com:6543/docs?sslmode=require as quire",
                pg.postgresql().get().toString());
        assertEquals(4, pg.poolSize());
        assertEquals("web-1", pg.nodeId());
        assertEquals(
                Optional.of(new PgLocation("jdbc:postgresql://h/d?user=u&password=x", "", "")),
                ConfigParser.parse(List.of("--store", "jdbc:postgresql://h/d?user=u&password=x"), Map.of())
                        .store()
                        .postgresql());
    }

    @Test
    void badStoreSettingsAreReportedWithoutThePassword() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ConfigParser.parse(
                        List.of(
                                "--store", "mysql://u:secret@h/d",
                                "--store-pool-size", "1",
                                "--node-id", "no spaces",
                                "--bus", "redis://127.0.0.1"),
                        Map.of()));
        assertEquals(
                List.of(
                        "--store: expected h2 or postgresql://user:pass@host:port/db",
                        "--store-pool-size: expected an integer 2..1000, found 1",
                        "--node-id: expected 1-64 characters of [A-Za-z0-9._-], found \"no spaces\"",
                        "--bus: expected local or redis://host:port, found \"redis://127.0.0.1\""),
                e.problems());
        ConfigException noDatabase = assertThrows(
                ConfigException.class,
                () -> ConfigParser.parse(List.of("--store", "postgresql://u:secret@db.example.com"), Map.of()));
        assertEquals(
                List.of("--store: expected postgresql://user:pass@host:port/db with a host and a database"),
                noDatabase.problems());
    }

    @Test
    void aRedisBusNeedsPostgresqlAndAPrefixOfPlainCharacters() {
        StoreSettings redis = ConfigParser.parse(
                        List.of(
                                "--store", "postgresql://u@h:5432/d",
                                "--bus", "redis://10.0.0.5:6380",
                                "--bus-prefix", "team-a"),
                        Map.of())
                .store();
        assertEquals("redis://10.0.0.5:6380", redis.bus());
        assertEquals("team-a", redis.busPrefix());
        assertEquals(false, redis.localBus());
        assertEquals("quire", ConfigParser.parse(List.of(), Map.of()).store().busPrefix());
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ConfigParser.parse(List.of("--bus", "redis://127.0.0.1:6379", "--bus-prefix", "a:b"), Map.of()));
        assertEquals(
                List.of(
                        "--bus-prefix: expected 1-64 characters of [A-Za-z0-9._-], found \"a:b\"",
                        "--bus / QUIRE_BUS: redis://127.0.0.1:6379 needs --store postgresql://… (nodes share documents through"
                                + " the database; H2 belongs to one node)"),
                e.problems());
    }

    @Test
    void booleansAreTrueOrFalse() {
        assertEquals(
                false,
                ConfigParser.parse(List.of("--sync-commits", "FALSE"), Map.of()).syncCommits());
        ConfigException e = assertThrows(
                ConfigException.class, () -> ConfigParser.parse(List.of(), Map.of("QUIRE_SYNC_COMMITS", "yes")));
        assertEquals(List.of("QUIRE_SYNC_COMMITS: expected true or false, found \"yes\""), e.problems());
    }

    @Test
    void peerTimeoutMustExceedThePingInterval() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> ConfigParser.parse(List.of("--ping-interval", "10s", "--peer-timeout", "10s"), Map.of()));
        assertEquals(
                List.of("--peer-timeout / QUIRE_PEER_TIMEOUT: expected more than the ping interval (10000ms),"
                        + " found 10000ms"),
                e.problems());
    }

    @Test
    void zeroDurationsAreRefused() {
        ConfigException e =
                assertThrows(ConfigException.class, () -> ConfigParser.parse(List.of("--idle-unload", "0s"), Map.of()));
        assertEquals(List.of("--idle-unload: expected a duration above zero, found \"0s\""), e.problems());
    }
}
