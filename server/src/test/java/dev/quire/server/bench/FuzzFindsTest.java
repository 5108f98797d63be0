package dev.quire.server.bench;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quire.server.QuireServer;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every find of the protocol fuzzer ({@link ProtocolFuzzTest}), kept as a named regression test
 * with the fewest frames that trigger it (jsoup's {@code FuzzFixesTest}). Find 1 is a known limit
 * (docs/protocol.md, "Rules"): its test asserts what does hold. The server pings every second and drops a silent peer after 3 s here, so that
 * a connection the server keeps waiting on ends within a test.
 */
class FuzzFindsTest {
    @TempDir
    Path dataDir;

    QuireServer server;
    final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        server = ProtocolFuzzTest.start(dataDir, "--ping-interval", "1s", "--peer-timeout", "3s");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    FuzzSocket connect() throws Exception {
        return connect(received);
    }

    static FuzzFrame text(String json) {
        return FuzzFrame.text(json.getBytes(StandardCharsets.UTF_8), 0x11223344);
    }

    /**
     * Find 1 (seed 2, 20,000 frames: "length beyond the limit -> open after 5 s"): a text frame
     * whose header announces more than {@code --max-message-bytes} and then stops is waited for;
     * nothing is answered until the bytes come. What holds: the connection does not outlive the
     * peer timeout, and the document is untouched.
     */
    @Test
    void aFrameAnnouncingMoreThanTheLimitDoesNotHoldItsConnection() throws Exception {
        try (FuzzSocket s = connect()) {
            s.write(text("{\"type\":\"join\",\"doc\":\"d\",\"session\":\"session-aaaa\"}"));
            s.write(FuzzFrame.text(new byte[10], 0x11223344).withLength(1L << 40));
            s.closeCode.get(30, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> server.connectionCount() == 0);
        // Nothing was applied: a join alone stores nothing, so the document does not exist.
        assertEquals(
                404, new FuzzChecks(server.port(), List.of()).get("/api/docs/d").statusCode());
    }

    /**
     * Find 2 (seed 7, 15,000 frames, authentication off: "ack of shared-1 at version 100 after
     * 97"; fixed in {@code 7070303}): a resend pipelined right behind a join was acknowledged
     * before the {@code joined} when the join waited for its version to become durable (another
     * client's ops in flight). The ack of the resend went out at once ({@code OpPipeline.submit} →
     * {@code whenDurable} → {@code Roster.send}), while the joined waited for
     * {@code sendJoinsUpTo}; protocol.md: "From
     * then on [after joined] the client receives every later op of the document exactly once, in
     * version order". Each attempt: a burst of 40 ops from another client, then, in one write,
     * join + the exact resend of an op acknowledged long ago.
     */
    @Test
    void aResendPipelinedBehindAJoinIsAckedAfterTheJoined() throws Exception {
        String op = "{\"type\":\"op\",\"doc\":\"d\",\"version\":0,\"seq\":1,\"op\":[\"x\"]}";
        String join = "{\"type\":\"join\",\"doc\":\"d\",\"session\":\"session-resend\"}";
        try (FuzzSocket first = connect()) {
            first.write(text(join));
            first.write(text(op));
            awaitMessage("\"ack\"");
        }
        for (int attempt = 0; attempt < 100; attempt++) {
            BlockingQueue<String> burstReplies = new LinkedBlockingQueue<>();
            try (FuzzSocket burst = connect(burstReplies);
                    FuzzSocket resender = connect()) {
                burst.write(text("{\"type\":\"join\",\"doc\":\"d\",\"session\":\"session-burst-" + attempt + "\"}"));
                assertTrue(burstReplies.poll(10, TimeUnit.SECONDS).contains("\"joined\""));
                received.clear();
                ByteArrayOutputStream ops = new ByteArrayOutputStream();
                for (int seq = 1; seq <= 40; seq++) {
                    ops.write(text("{\"type\":\"op\",\"doc\":\"d\",\"version\":0,\"seq\":" + seq + ",\"op\":[\"y\"]}")
                            .bytes());
                }
                ByteArrayOutputStream joinAndResend = new ByteArrayOutputStream();
                joinAndResend.write(text(join).bytes());
                joinAndResend.write(text(op).bytes());
                burst.write(ops.toByteArray());
                resender.write(joinAndResend.toByteArray());
                String firstReply = received.poll(10, TimeUnit.SECONDS);
                assertTrue(
                        firstReply != null && firstReply.contains("\"joined\""),
                        "attempt " + attempt + ": the first message after the join was " + firstReply);
                awaitMessage("\"ack\"");
            }
        }
    }

    private void awaitMessage(String containing) throws InterruptedException {
        String m;
        do {
            m = received.poll(10, TimeUnit.SECONDS);
            assertTrue(m != null, "no message containing " + containing);
        } while (!m.contains(containing));
    }

    FuzzSocket connect(BlockingQueue<String> into) throws Exception {
        return FuzzSocket.open(
                new InetSocketAddress("127.0.0.1", server.port()),
                "find",
                List.of(),
                new Random(2),
                new FuzzSocket.Listener() {
                    @Override
                    public void onText(FuzzSocket socket, String text) {
                        into.add(text);
                    }

                    @Override
                    public void onViolation(FuzzSocket socket, String what) {
                        into.add("violation: " + what);
                    }
                });
    }
}
