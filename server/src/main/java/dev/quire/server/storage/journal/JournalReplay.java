package dev.quire.server.storage.journal;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads a {@link Journal}'s segments back at start, up to the first record that does not validate. */
final class JournalReplay {
    // The journal's category: what it logs is the journal's, as before the split.
    private static final Logger log = LoggerFactory.getLogger(Journal.class);
    /** Longest record body read back; longer lengths are a torn or corrupt header. */
    private static final int MAX_BODY = 1 << 30;

    private JournalReplay() {}

    /**
     * Reads every intact record with an lsn above {@code afterLsn}, in order, handing them out in
     * batches, from {@code segments} (by their first lsn). Reading stops at the first torn or corrupt record (what a crash in the middle of a
     * write leaves): nothing after it was ever acknowledged. Reading also stops after the record
     * {@code throughLsn} (what follows may be being written).
     *
     * @return the highest lsn read (intact), or {@code afterLsn} if none is above it
     */
    static long replay(
            Map<Long, Path> segments,
            long afterLsn,
            long throughLsn,
            int batchSize,
            Consumer<List<JournalEntry>> batches)
            throws IOException {
        long last = afterLsn;
        List<JournalEntry> batch = new ArrayList<>();
        for (Map.Entry<Long, Path> seg : segments.entrySet()) {
            long expected = seg.getKey();
            try (InputStream raw = Files.newInputStream(seg.getValue());
                    DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
                while (true) {
                    if (expected > throughLsn) {
                        flush(batch, batches);
                        return last; // what follows may be being written
                    }
                    int length;
                    try {
                        length = in.readInt();
                    } catch (EOFException end) {
                        break;
                    }
                    if (length == 0) {
                        // The zeros a segment is filled with ahead of its records (decision 036).
                        log.info("journal: {} ends at its zero-filled tail after lsn {}", seg.getValue(), expected - 1);
                        flush(batch, batches);
                        return last;
                    }
                    String torn = null;
                    long lsn = 0;
                    byte[] body = null;
                    try {
                        lsn = in.readLong();
                        int crc = in.readInt();
                        if (length <= 0 || length > MAX_BODY) {
                            torn = "bad length " + length;
                        } else {
                            body = new byte[length];
                            in.readFully(body);
                            if (!JournalCodec.intact(lsn, crc, body)) {
                                torn = "checksum mismatch";
                            } else if (lsn != expected) {
                                torn = "lsn " + lsn + " where " + expected + " was expected";
                            }
                        }
                    } catch (EOFException end) {
                        torn = "record cut short";
                    }
                    if (torn != null) {
                        log.warn(
                                "journal: {} ends at a torn record after lsn {} ({}); nothing after it was acknowledged",
                                seg.getValue(),
                                expected - 1,
                                torn);
                        flush(batch, batches);
                        return last;
                    }
                    expected++;
                    if (lsn > afterLsn) {
                        batch.add(new JournalEntry(lsn, JournalCodec.decode(body)));
                        last = lsn;
                        if (batch.size() >= batchSize) {
                            flush(batch, batches);
                        }
                    }
                }
            }
        }
        flush(batch, batches);
        return last;
    }

    private static void flush(List<JournalEntry> batch, Consumer<List<JournalEntry>> batches) {
        if (!batch.isEmpty()) {
            batches.accept(List.copyOf(batch));
            batch.clear();
        }
    }
}
