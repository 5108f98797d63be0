package dev.quire.client.examples;

import dev.quire.client.Change;
import dev.quire.client.DocumentHandle;
import dev.quire.client.DocumentListener;
import dev.quire.client.QuireClient;
import dev.quire.ot.TextOperation;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bot that answers {@code /time} typed on a line of its own: once the line is finished (a line
 * break follows it), the bot appends the time to it, so {@code /time} becomes
 * {@code /time → 21:34:05 UTC} in everyone's editor. An answered line no longer matches, so each
 * command is answered once.
 *
 * <p>Run: {@code java TimeBot ws://localhost:8080/ws notes} (with {@code QUIRE_TOKEN} set when the
 * server has authentication on).
 */
public final class TimeBot implements DocumentListener {
    private static final Pattern COMMAND = Pattern.compile("(?m)^/time(?=\n)");
    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final Clock clock;

    public TimeBot(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void onText(DocumentHandle document, String text) {
        answer(document);
    }

    @Override
    public void onChange(DocumentHandle document, Change change) {
        answer(document);
    }

    /**
     * Runs on the client's event thread: {@code text()} is exactly the text each edit applies to,
     * and no remote op can slip in between.
     */
    private void answer(DocumentHandle document) {
        Matcher command = COMMAND.matcher(document.text());
        while (command.find()) {
            String text = document.text();
            String reply = " → " + FORMAT.format(clock.instant());
            document.submit(TextOperation.insert(command.end(), reply, text.length()));
            command = COMMAND.matcher(document.text());
        }
    }

    public static void main(String[] args) throws Exception {
        QuireClient.Builder builder = QuireClient.builder().uri(args[0]).userName("time-bot");
        String token = System.getenv("QUIRE_TOKEN");
        if (token != null) {
            builder.token(token);
        }
        try (QuireClient quire = builder.build()) {
            quire.join(args[1], new TimeBot(Clock.systemUTC())).join();
            Thread.currentThread().join(); // answers until the process is stopped
        }
    }
}
