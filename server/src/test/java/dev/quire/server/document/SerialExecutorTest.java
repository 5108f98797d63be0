package dev.quire.server.document;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {
    private final ExecutorService pool = Executors.newFixedThreadPool(4, r -> new Thread(r, "pool"));
    private final SerialExecutor mailbox = new SerialExecutor(pool);

    @AfterEach
    void stopPool() throws InterruptedException {
        pool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void tasksFromManyThreadsRunOneAtATimeInSubmissionOrder() throws Exception {
        int threads = 8;
        int perThread = 10_000;
        int[] counter = new int[1];
        AtomicInteger running = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<List<Integer>> order = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            order.add(new ArrayList<>());
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> submitters = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Integer> mine = order.get(t);
            Thread submitter = new Thread(() -> {
                awaitQuietly(start);
                for (int i = 0; i < perThread; i++) {
                    int n = i;
                    assertTrue(mailbox.execute(() -> {
                        if (running.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        counter[0]++; // not atomic: only serial execution keeps every increment
                        mine.add(n);
                        running.decrementAndGet();
                    }));
                }
            });
            submitter.start();
            submitters.add(submitter);
        }
        start.countDown();
        for (Thread submitter : submitters) {
            submitter.join();
        }
        CompletableFuture<Integer> total = new CompletableFuture<>();
        mailbox.execute(() -> total.complete(counter[0]));

        assertEquals(threads * perThread, total.get(10, TimeUnit.SECONDS));
        assertEquals(0, overlaps.get());
        List<Integer> expected = IntStream.range(0, perThread).boxed().toList();
        for (List<Integer> mine : order) {
            assertEquals(expected, mine);
        }
    }

    @Test
    void executeHereRunsOnTheCallingThreadWhenIdle() {
        List<Thread> ranOn = new ArrayList<>();

        assertTrue(mailbox.executeHere(() -> ranOn.add(Thread.currentThread())));

        assertEquals(List.of(Thread.currentThread()), ranOn);
    }

    @Test
    void executeHereQueuesBehindARunningTask() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Thread> second = new CompletableFuture<>();
        mailbox.execute(() -> {
            started.countDown();
            awaitQuietly(finish);
            log.add("first");
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));

        assertTrue(mailbox.executeHere(() -> {
            log.add("second");
            second.complete(Thread.currentThread());
        }));

        assertEquals(List.of(), log, "executeHere returned without running the task");
        finish.countDown();
        assertEquals("pool", second.get(10, TimeUnit.SECONDS).getName());
        assertEquals(List.of("first", "second"), log);
    }

    @Test
    void aTaskThatThrowsDoesNotStopTheNext() throws Exception {
        CompletableFuture<String> next = new CompletableFuture<>();
        mailbox.execute(() -> {
            throw new IllegalStateException("boom (expected by the test)");
        });
        mailbox.execute(() -> next.complete("ran"));

        assertEquals("ran", next.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aDrainYieldsToThePoolAfter64TasksInARow() throws Exception {
        int tasks = 70;
        Thread[] ranOn = new Thread[tasks + 1];
        CompletableFuture<Void> last = new CompletableFuture<>();
        // Task 1 queues tasks 2..70 while it runs, so one executeHere drain finds them all queued.
        mailbox.executeHere(() -> {
            ranOn[1] = Thread.currentThread();
            for (int i = 2; i <= tasks; i++) {
                int n = i;
                mailbox.execute(() -> {
                    ranOn[n] = Thread.currentThread();
                    if (n == tasks) {
                        last.complete(null);
                    }
                });
            }
        });
        last.get(10, TimeUnit.SECONDS);

        Thread caller = Thread.currentThread();
        for (int i = 1; i <= 64; i++) {
            assertSame(caller, ranOn[i], "task " + i);
        }
        for (int i = 65; i <= tasks; i++) {
            assertEquals("pool", ranOn[i].getName(), "task " + i);
        }
    }

    @Test
    void closeIfIdleClosesOnlyWhenNothingElseIsQueued() {
        List<String> log = new ArrayList<>();
        mailbox.executeHere(() -> {
            mailbox.execute(() -> log.add("second closed: " + mailbox.closeIfIdle()));
            log.add("first closed: " + mailbox.closeIfIdle());
        });

        assertEquals(List.of("first closed: false", "second closed: true"), log);
        assertFalse(mailbox.execute(() -> log.add("never")));
        assertFalse(mailbox.executeHere(() -> log.add("never")));
        assertEquals(List.of("first closed: false", "second closed: true"), log);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
