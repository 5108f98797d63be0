package dev.quire.server.storage.h2;

import dev.quire.server.storage.StoreHealth;
import dev.quire.server.storage.journal.JournalWriter;
import java.util.Optional;

/** {@link StoreHealth} of the H2 store: its journal writer, its applier and its read connections. Thread-safe. */
final class H2Health implements StoreHealth {
    private final JournalWriter writer;
    private final H2Applier applier;
    private final H2Readers readers;

    H2Health(JournalWriter writer, H2Applier applier, H2Readers readers) {
        this.writer = writer;
        this.applier = applier;
        this.readers = readers;
    }

    @Override
    public long journalLag() {
        return Math.max(0, writer.journaledLsn() - applier.appliedLsn());
    }

    @Override
    public Optional<String> fault() {
        Optional<String> journal = writer.fault();
        return journal.isPresent() ? journal : applier.fault();
    }

    @Override
    public Optional<String> deadThread() {
        if (!writer.isRunning()) {
            return Optional.of("quire-journal");
        }
        if (!applier.isRunning()) {
            return Optional.of("quire-h2-apply");
        }
        return Optional.empty();
    }

    @Override
    public boolean answers() {
        return readers.answers();
    }
}
