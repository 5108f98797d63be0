package dev.quire.server.storage.journal;

/**
 * A write the journal writer accepted, or a record read back from the journal, with its log
 * sequence number. A {@link StoreWrite.Flush} is never journaled: it carries the lsn of the
 * record before it, so that it runs after that record is applied.
 *
 * @param lsn   the record's log sequence number (1, 2, 3, … across segments)
 * @param write the write it holds (read back from the journal, its future nobody awaits)
 */
public record JournalEntry(long lsn, StoreWrite write) {}
