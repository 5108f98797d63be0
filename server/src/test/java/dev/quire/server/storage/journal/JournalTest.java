package dev.quire.server.storage.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's segment files on their own, without a database behind them. */
class JournalTest {
    private static final Instant T0 = Instant.parse("2026-11-22T09:00:00Z");

    @TempDir
    Path dir;

    /** A record of 34 bytes: a 16-byte header, then type, "doc-N" and a time. */
    private static StoreWrite create(int n) {
        return new StoreWrite.Create("doc-" + n, T0, new CompletableFuture<>());
    }

    private static void append(Journal journal, long lsn) throws IOException {
        byte[] bytes = JournalRecords.encode(lsn, List.of(create((int) lsn)));
        journal.append(bytes, bytes.length, lsn);
    }

    private List<String> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void recordsReplayInOrderFromTheFirstAboveTheGivenLsnWithEitherDurability() throws Exception {
        for (Durability durability : Durability.values()) {
            Path sub = dir.resolve(durability.name());
            try (Journal journal = new Journal(sub, 1 << 20, durability)) {
                journal.startAt(1);
                for (long lsn = 1; lsn <= 3; lsn++) {
                    append(journal, lsn);
                }
            }
            List<JournalEntry> read = new ArrayList<>();
            try (Journal journal = new Journal(sub, 1 << 20, durability)) {
                assertEquals(3L, journal.replay(1, 10, read::addAll));
            }
            assertEquals(List.of(2L, 3L), read.stream().map(JournalEntry::lsn).toList());
            assertEquals(
                    List.of("doc-2", "doc-3"),
                    read.stream()
                            .map(e -> ((StoreWrite.Create) e.write()).docId())
                            .toList());
        }
    }

    @Test
    void segmentsRollAtTheirSizeAndGoOnceCoveredButNeverTheCurrentOne() throws Exception {
        try (Journal journal = new Journal(dir, 100, Durability.WRITE)) {
            journal.startAt(1);
            for (long lsn = 1; lsn <= 6; lsn++) {
                append(journal, lsn);
            }
            // Three records (102 bytes) fill a segment of 100: lsn 4 begins the next.
            assertEquals(List.of("00000000000000000001.journal", "00000000000000000004.journal"), files());
            assertFalse(journal.canDeleteThrough(2));
            assertTrue(journal.canDeleteThrough(3));
            assertEquals(1, journal.deleteThrough(6));
            assertEquals(List.of("00000000000000000004.journal"), files());
            assertEquals(0, journal.deleteThrough(6));
        }
    }

    @Test
    void withFsyncTheSegmentIsZeroFilledAheadAndReplayStopsAtTheZeros() throws Exception {
        int size = 1 << 20;
        Path segment = dir.resolve("00000000000000000001.journal");
        try (Journal journal = new Journal(dir, size, Durability.FSYNC)) {
            journal.startAt(1);
            for (long lsn = 1; lsn <= 3; lsn++) {
                append(journal, lsn);
            }
            // The filler writes the segment's size in zeros behind the records (decision 036).
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> Files.size(segment) == size);
        }
        byte[] bytes = Files.readAllBytes(segment);
        assertEquals(size, bytes.length);
        assertArrayEquals(
                JournalRecords.encode(1, List.of(create(1), create(2), create(3))), Arrays.copyOf(bytes, 102));
        assertArrayEquals(new byte[size - 102], Arrays.copyOfRange(bytes, 102, size));

        // The next record in lsn order, intact, behind a zero length (four bytes of the fill): not read.
        byte[] stray = JournalRecords.encode(4, List.of(create(4)));
        System.arraycopy(stray, 0, bytes, 106, stray.length);
        Files.write(segment, bytes);
        List<JournalEntry> read = new ArrayList<>();
        try (Journal journal = new Journal(dir, size, Durability.FSYNC)) {
            assertEquals(3L, journal.replay(0, 10, read::addAll));
        }
        assertEquals(List.of(1L, 2L, 3L), read.stream().map(JournalEntry::lsn).toList());
    }

    @Test
    void aRecordsLengthOfZeroEndsTheJournalEvenWithoutFsync() throws Exception {
        Path segment = dir.resolve("00000000000000000001.journal");
        byte[] first = JournalRecords.encode(1, List.of(create(1)));
        byte[] second = JournalRecords.encode(2, List.of(create(2)));
        byte[] bytes = new byte[first.length + 4 + second.length];
        System.arraycopy(first, 0, bytes, 0, first.length);
        System.arraycopy(second, 0, bytes, first.length + 4, second.length);
        Files.createDirectories(dir);
        Files.write(segment, bytes);
        List<JournalEntry> read = new ArrayList<>();
        try (Journal journal = new Journal(dir, 1 << 20, Durability.WRITE)) {
            assertEquals(1L, journal.replay(0, 10, read::addAll));
        }
        assertEquals(List.of(1L), read.stream().map(JournalEntry::lsn).toList());
    }
}
