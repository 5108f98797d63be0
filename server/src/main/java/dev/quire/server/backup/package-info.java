/**
 * Online backup and restore: the archive a running server streams from {@code POST
 * /api/admin/backup} ({@link dev.quire.server.backup.BackupArchive}, a zip of a manifest and the
 * database file) and the {@code restore} command that unpacks one into an empty data directory.
 * See docs/operations.md and decision 017.
 */
package dev.quire.server.backup;
