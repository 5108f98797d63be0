package dev.quire.server.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * How much CPU H2 spends per op-log row, for candidate layouts of the {@code ops} table (decision
 * 007): JDBC batch inserts over 100 documents in random order, a commit every {@code batch}
 * rows, into a fresh file database. Prints rows/s and the process's CPU per row (H2's background
 * threads included) over the rows after the first fifth (the warm-up). A benchmark, not a test.
 *
 * <pre>
 *   mvn -B -DskipTests package
 *   java -cp server/target/test-classes:server/target/quire-server.jar \
 *       dev.quire.server.bench.OpLogRows LAYOUT ROWS BATCH [DIR]
 * </pre>
 *
 * <p>LAYOUT: {@code v2} (schema V2: {@code (doc_id, version)} primary key, unique
 * {@code (doc_id, session_id, seq)}), {@code doc-no} (an integer document number in both keys),
 * {@code lsn-key} (a row map keyed by an ever-growing number, unique {@code (doc_no, version)}),
 * {@code op-key-nocheck} and {@code op-key} (schema V3: {@code op_key = doc_no * 2^32 + version}
 * as the primary key, with and without its CHECK). Every layout has the same columns otherwise.
 */
public final class OpLogRows {
    private static final int DOCS = 100;
    private static final String COLUMNS = "op_json VARCHAR(1000000), op_json_large CHARACTER LARGE OBJECT,"
            + " doc_length INTEGER NOT NULL, base_version INTEGER NOT NULL, submit_hash BIGINT NOT NULL,"
            + " session_id VARCHAR(64), seq BIGINT, client_id VARCHAR(64) NOT NULL, author VARCHAR(64) NOT NULL,"
            + " created TIMESTAMP WITH TIME ZONE NOT NULL";
    private static final Map<String, String> LAYOUTS = Map.of(
            "v2",
                    "CREATE TABLE ops (doc_id VARCHAR(128) NOT NULL, version INTEGER NOT NULL, " + COLUMNS
                            + ", PRIMARY KEY (doc_id, version), UNIQUE (doc_id, session_id, seq))",
            "doc-no",
                    "CREATE TABLE ops (doc_no INTEGER NOT NULL, version INTEGER NOT NULL, " + COLUMNS
                            + ", PRIMARY KEY (doc_no, version), UNIQUE (doc_no, session_id, seq))",
            "lsn-key",
                    "CREATE TABLE ops (op_key BIGINT NOT NULL PRIMARY KEY, doc_no INTEGER NOT NULL,"
                            + " version INTEGER NOT NULL, " + COLUMNS
                            + ", UNIQUE (doc_no, version), UNIQUE (doc_no, session_id, seq))",
            "op-key-nocheck",
                    "CREATE TABLE ops (op_key BIGINT NOT NULL PRIMARY KEY, doc_no INTEGER NOT NULL,"
                            + " version INTEGER NOT NULL, " + COLUMNS + ", UNIQUE (doc_no, session_id, seq))",
            "op-key",
                    "CREATE TABLE ops (op_key BIGINT NOT NULL PRIMARY KEY, doc_no INTEGER NOT NULL,"
                            + " version INTEGER NOT NULL, " + COLUMNS
                            + ", CHECK (op_key = doc_no * 4294967296 + version AND version >= 1),"
                            + " UNIQUE (doc_no, session_id, seq))");

    private OpLogRows() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 3 || !LAYOUTS.containsKey(args[0])) {
            System.err.println("usage: OpLogRows "
                    + String.join("|", LAYOUTS.keySet().stream().sorted().toList()) + " ROWS BATCH [DIR]");
            System.exit(2);
        }
        String layout = args[0];
        int rows = Integer.parseInt(args[1]);
        int batch = Integer.parseInt(args[2]);
        Path dir = Files.createTempDirectory(
                Path.of(args.length > 3 ? args[3] : System.getProperty("java.io.tmpdir")), "oplogrows");
        try {
            run(layout, rows, batch, dir);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void run(String layout, int rows, int batch, Path dir) throws SQLException {
        try (Connection c =
                DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("q") + ";DB_CLOSE_ON_EXIT=FALSE", "q", "")) {
            try (Statement st = c.createStatement()) {
                st.execute(LAYOUTS.get(layout));
            }
            c.setAutoCommit(false);
            boolean byString = layout.equals("v2");
            boolean keyed = layout.startsWith("op-key") || layout.equals("lsn-key");
            String keyColumns = byString ? "doc_id" : keyed ? "op_key, doc_no" : "doc_no";
            int params = keyed ? 13 : 12;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO ops (" + keyColumns + ", version, op_json,"
                    + " op_json_large, doc_length, base_version, submit_hash, session_id, seq, client_id, author,"
                    + " created) VALUES (" + "?, ".repeat(params - 1) + "?)")) {
                int[] versions = new int[DOCS];
                SplittableRandom random = new SplittableRandom(1);
                OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                int from = rows / 5;
                long cpu0 = 0;
                long t0 = 0;
                for (int i = 0; i < rows; i++) {
                    if (i == from) {
                        cpu0 = os.getProcessCpuTime();
                        t0 = System.nanoTime();
                    }
                    int d = random.nextInt(DOCS);
                    int v = ++versions[d];
                    int p = 1;
                    if (byString) {
                        ps.setString(p++, "bench-" + d);
                    } else if (keyed) {
                        ps.setLong(p++, layout.equals("lsn-key") ? i : ((long) d << 32) + v);
                        ps.setInt(p++, d);
                    } else {
                        ps.setInt(p++, d);
                    }
                    ps.setInt(p++, v);
                    ps.setString(p++, "[" + random.nextInt(400) + ",\"x\"," + random.nextInt(400) + "]");
                    ps.setNull(p++, Types.CLOB);
                    ps.setInt(p++, 400);
                    ps.setInt(p++, v - 1);
                    ps.setLong(p++, random.nextLong());
                    ps.setString(p++, "bench-" + d + "-1");
                    ps.setLong(p++, v);
                    ps.setString(p++, "c" + d + "abcdefgh");
                    ps.setString(p++, "bench-" + d);
                    ps.setObject(p, OffsetDateTime.now());
                    ps.addBatch();
                    if ((i + 1) % batch == 0) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
                c.commit();
                long cpu = os.getProcessCpuTime() - cpu0;
                long wall = System.nanoTime() - t0;
                int measured = rows - from;
                System.out.printf(
                        Locale.ROOT,
                        "%s, %d rows per commit: %.0f rows/s, %.1f us of CPU per row, %.2f cores%n",
                        layout,
                        batch,
                        measured / (wall / 1e9),
                        cpu / 1e3 / measured,
                        cpu / (double) wall);
            }
        }
    }
}
