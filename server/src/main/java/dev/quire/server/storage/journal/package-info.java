/**
 * The write-ahead journal in front of a store's database: append-only segment files of
 * checksummed records ({@link dev.quire.server.storage.journal.Journal}, format in
 * {@code JournalCodec}), the group-commit writer that decides who writes a group and when
 * ({@link dev.quire.server.storage.journal.JournalWriter}), what a group write does — check each
 * write against the log, append the group in one write, acknowledge it ({@code GroupCommit}) —
 * and the writer's view of each document's head ({@code JournalView}).
 *
 * <p>It knows no database: what fills the database from the journal implements
 * {@link dev.quire.server.storage.journal.Applier}, and what reads a document's head from it
 * implements {@link dev.quire.server.storage.journal.StoredHeads}.
 */
package dev.quire.server.storage.journal;
