package dev.quire.server.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A fault repeated every few milliseconds is logged once, then once per interval with a count (the
 * three right after that line are not logged), then its recovery once.
 */
class FaultLogTest {
    @Test
    void aRepeatedFaultIsLoggedOncePerIntervalWithACount() throws Exception {
        Logger logger = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger("test.FaultLogTest");
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        FaultLog faults = new FaultLog(logger, "disk", TimeUnit.MILLISECONDS.toNanos(200));
        IOException full = new IOException("No space left on device");
        // Fail every 5 ms until the interval has passed once (the count's line), then 3 times more.
        int attempts = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (events.list.size() < 2 && System.nanoTime() < deadline) {
            faults.fault(full, "cannot write");
            attempts++;
            Thread.sleep(5);
        }
        for (int i = 0; i < 3; i++) {
            faults.fault(full, "cannot write");
            attempts++;
        }
        faults.recovered();
        faults.recovered(); // a second recovery without a fault logs nothing

        List<String> lines =
                events.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(3, lines.size(), lines.toString());
        assertEquals("cannot write", lines.get(0));
        assertEquals(
                full,
                ((ch.qos.logback.classic.spi.ThrowableProxy) events.list.get(0).getThrowableProxy()).getThrowable());
        assertEquals(true, lines.get(1).startsWith("cannot write ("), lines.get(1));
        assertEquals(true, lines.get(1).endsWith("; last cause: java.io.IOException: No space left on device)"));
        assertEquals("disk: recovered after " + attempts + " failed attempts", lines.get(2));
    }
}
