package dev.quire.server.storage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history retention policy at work ({@code --history-retention}, decision 029): every so often
 * it walks the document list and asks the store to {@linkplain DocumentStore#compact compact} each
 * document's op log up to its newest snapshot made before {@code now - retention}. Ops younger
 * than the retention are never folded, so a client away for less than that is always rebased from
 * the log; an older one gets the documented "compacted" answer (docs/protocol.md).
 *
 * <p>Its one daemon thread runs the sweeps; {@link #sweep()} may also be called directly (tests).
 * A failing sweep is logged through a {@link FaultLog} and tried again at the next interval.
 */
public final class CompactionSweep implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CompactionSweep.class);
    private static final int PAGE = 1000;

    private final DocumentStore store;
    private final Duration retention;
    private final Clock clock;
    private final FaultLog faults;
    private final ScheduledExecutorService thread;
    private volatile boolean closed;

    /** What one sweep did. */
    public record Result(int documents, long ops) {}

    private CompactionSweep(DocumentStore store, Duration retention, Clock clock, boolean scheduled) {
        this.store = store;
        this.retention = retention;
        this.clock = clock;
        this.faults = new FaultLog(log, "history retention: compaction", 3_600_000_000_000L);
        if (scheduled) {
            long every = interval(retention).toMillis();
            thread = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "quire-compaction");
                t.setDaemon(true);
                return t;
            });
            thread.scheduleWithFixedDelay(this::sweepQuietly, every, every, TimeUnit.MILLISECONDS);
        } else {
            thread = null;
        }
    }

    /** Starts sweeping {@code store} when a retention is set; empty when every op is kept. */
    public static Optional<CompactionSweep> start(DocumentStore store, Optional<Duration> retention) {
        return retention.map(r -> new CompactionSweep(store, r, Clock.systemUTC(), true));
    }

    /** A sweep that runs only when {@link #sweep()} is called, with its own clock (tests). */
    public static CompactionSweep manual(DocumentStore store, Duration retention, Clock clock) {
        return new CompactionSweep(store, retention, clock, false);
    }

    /**
     * Time between sweeps: a quarter of the retention (an op is folded at most a quarter late),
     * between one second and one hour.
     */
    static Duration interval(Duration retention) {
        Duration quarter = retention.dividedBy(4);
        if (quarter.compareTo(Duration.ofSeconds(1)) < 0) {
            return Duration.ofSeconds(1);
        }
        return quarter.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : quarter;
    }

    /** Compacts every document once; the cutoff is read once, at the start. */
    public Result sweep() {
        Instant before = clock.instant().minus(retention);
        int documents = 0;
        long ops = 0;
        Optional<String> cursor = Optional.empty();
        do {
            DocumentPage page = store.list(PAGE, cursor);
            for (DocumentInfo d : page.docs()) {
                if (closed) {
                    return new Result(documents, ops);
                }
                int n = store.compact(d.docId(), before);
                if (n > 0) {
                    documents++;
                    ops += n;
                }
            }
            cursor = page.next();
        } while (cursor.isPresent());
        if (ops > 0) {
            log.info("history retention: folded {} ops of {} documents made before {}", ops, documents, before);
        }
        return new Result(documents, ops);
    }

    private void sweepQuietly() {
        try {
            sweep();
            faults.recovered();
        } catch (RuntimeException e) {
            faults.fault(e, "history retention: a compaction sweep failed; trying again at the next one");
        }
    }

    /**
     * Stops sweeping and waits for a sweep in progress to finish its document. The thread is not
     * interrupted: an interrupt inside H2 closes its file channel, and with it the database.
     */
    @Override
    public void close() {
        closed = true;
        if (thread != null) {
            thread.shutdown();
            try {
                thread.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
