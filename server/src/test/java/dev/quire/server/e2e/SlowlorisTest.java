package dev.quire.server.e2e;

import static org.awaitility.Awaitility.await;

import dev.quire.server.QuireServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slowloris: 500 sockets dribbling a WebSocket handshake one header byte at a time neither stop a
 * real client from connecting and editing nor stay open: the request-parse timeout cuts them off.
 */
class SlowlorisTest {
    private static final int SOCKETS = 500;

    @TempDir
    Path dataDir;

    @Test
    void dribblingHandshakesDoNotStopARealClientAndAreCutOff() throws Exception {
        List<Socket> slow = new ArrayList<>();
        ScheduledExecutorService dribbler = Executors.newSingleThreadScheduledExecutor();
        try (QuireServer server = ServerFixture.start(dataDir, "--request-timeout", "1s")) {
            int port = server.port();
            byte[] start = ("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < SOCKETS; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                s.setSoTimeout(1);
                s.getOutputStream().write(start);
                slow.add(s);
            }
            // Never finishing the headers: one more byte of a header every 100 ms on each socket.
            dribbler.scheduleWithFixedDelay(() -> slow.forEach(SlowlorisTest::dribble), 0, 100, TimeUnit.MILLISECONDS);
            try (WsClient ws = WsClient.connect(port)) {
                OriginTest.edits(ws, "busy");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> slow.stream().allMatch(SlowlorisTest::closedByServer));
        } finally {
            dribbler.shutdownNow();
            for (Socket s : slow) {
                s.close();
            }
        }
    }

    private static void dribble(Socket s) {
        try {
            s.getOutputStream().write('X');
            s.getOutputStream().flush();
        } catch (IOException e) {
            // Cut off by the server: what the test expects.
        }
    }

    /** End of stream or a reset, not a read that merely timed out. */
    private static boolean closedByServer(Socket s) {
        try {
            return s.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
