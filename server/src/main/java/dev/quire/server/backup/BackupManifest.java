package dev.quire.server.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

/**
 * The {@code manifest.json} entry of a backup archive, for example
 * {@code {"format":"quire-backup","formatVersion":1,"serverVersion":"0.1.0","created":"2026-12-05T21:40:00Z","journalHead":1234,"database":"quire.mv.db"}}.
 *
 * @param formatVersion the archive layout's version; a restore refuses one it does not know
 * @param serverVersion the version of the server that wrote it
 * @param created       when the backup began
 * @param journalHead   the last journal record when it began: every op acknowledged before is in it
 * @param database      the archive entry holding the database file
 */
public record BackupManifest(
        int formatVersion, String serverVersion, Instant created, long journalHead, String database) {
    /** The {@code format} value of every backup manifest. */
    public static final String FORMAT = "quire-backup";
    /** The layout this server writes and restores. */
    public static final int FORMAT_VERSION = 1;
    /** The archive entry of the manifest; it comes first. */
    public static final String ENTRY = "manifest.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    public BackupManifest {
        Objects.requireNonNull(serverVersion, "serverVersion");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(database, "database");
    }

    byte[] toJson() {
        ObjectNode n = JSON.createObjectNode()
                .put("format", FORMAT)
                .put("formatVersion", formatVersion)
                .put("serverVersion", serverVersion)
                .put("created", created.toString())
                .put("journalHead", journalHead)
                .put("database", database);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a manifest.
     *
     * @throws BackupException if it is not a Quire backup manifest of a layout this server knows
     */
    static BackupManifest parse(byte[] json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (IOException e) {
            throw new BackupException("manifest.json is not JSON: " + e.getMessage());
        }
        if (n == null || !FORMAT.equals(n.path("format").asText())) {
            throw new BackupException("manifest.json: format is not \"" + FORMAT + "\"");
        }
        int version = n.path("formatVersion").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw new BackupException("manifest.json: formatVersion " + version + " is not " + FORMAT_VERSION
                    + ", the one this server reads");
        }
        String database = n.path("database").asText("");
        if (!database.matches("[A-Za-z0-9._-]+\\.mv\\.db")) {
            throw new BackupException("manifest.json: database is not a database file name: \"" + database + "\"");
        }
        try {
            return new BackupManifest(
                    version,
                    n.path("serverVersion").asText(""),
                    Instant.parse(n.path("created").asText()),
                    n.path("journalHead").asLong(),
                    database);
        } catch (java.time.format.DateTimeParseException e) {
            throw new BackupException("manifest.json: created is not an ISO-8601 instant");
        }
    }
}
