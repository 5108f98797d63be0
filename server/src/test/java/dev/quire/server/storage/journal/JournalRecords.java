package dev.quire.server.storage.journal;

import java.util.Arrays;
import java.util.List;

/**
 * Journal records as the journal writer encodes them, for tests that write segment files by hand
 * (what a crash can leave behind) and then open a real store on them.
 */
public final class JournalRecords {
    private JournalRecords() {}

    /** The records of {@code writes}, numbered {@code firstLsn}, {@code firstLsn + 1}, …, back to back. */
    public static byte[] encode(long firstLsn, List<StoreWrite> writes) {
        JournalCodec.Sink sink = new JournalCodec.Sink();
        long lsn = firstLsn;
        for (StoreWrite w : writes) {
            JournalCodec.encode(lsn++, w, sink);
        }
        return Arrays.copyOf(sink.bytes(), sink.length());
    }
}
