package dev.quire.server.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The client's side of the RFC 6455 opening handshake: the HTTP/1.1 Upgrade request, and the
 * check of the server's response head (status 101, {@code Upgrade: websocket},
 * {@code Connection: Upgrade}, {@code Sec-WebSocket-Accept} = base64(SHA-1(key + GUID)), no
 * extension or subprotocol, since none was offered).
 *
 * <pre>
 *   GET /ws HTTP/1.1                          HTTP/1.1 101 Switching Protocols
 *   Host: 127.0.0.1:8080                      Upgrade: websocket
 *   Upgrade: websocket                        Connection: Upgrade
 *   Connection: Upgrade                       Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=
 *   Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==
 *   Sec-WebSocket-Version: 13
 * </pre>
 *
 * <p>Stateless; thread-safe.
 */
final class WsHandshake {
    private static final int MAX_HEAD_BYTES = 16 * 1024;
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WsHandshake() {}

    /** The base64 of 16 random bytes, as {@code Sec-WebSocket-Key}. */
    static String key(byte[] random16) {
        if (random16.length != 16) {
            throw new IllegalArgumentException("key: expected 16 bytes, found " + random16.length);
        }
        return Base64.getEncoder().encodeToString(random16);
    }

    /** Where a connection goes: the URL, and the bearer token its request presents, if any. */
    record Target(URI url, Optional<String> bearer) {
        /** The request to this target with {@code key}, in ASCII. */
        byte[] request(String key) {
            return WsHandshake.request(url, key, bearer);
        }
    }

    /** The request for {@code url} ({@code ws://host[:port]/path[?query]}), in ASCII. */
    static byte[] request(URI url, String key) {
        return request(url, key, Optional.empty());
    }

    /**
     * The request for {@code url} ({@code ws://host[:port]/path[?query]}) presenting
     * {@code bearer} as {@code Authorization: Bearer} when there is one, in ASCII.
     */
    static byte[] request(URI url, String key, Optional<String> bearer) {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
        String host = url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
        return ("GET " + path + query + " HTTP/1.1\r\n"
                        + "Host: " + host + "\r\n"
                        + "Upgrade: websocket\r\n"
                        + "Connection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: " + key + "\r\n"
                        + "Sec-WebSocket-Version: 13\r\n"
                        + bearer.map(t -> "Authorization: Bearer " + t + "\r\n").orElse("")
                        + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The {@code Sec-WebSocket-Accept} a server must answer to {@code key}. */
    static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return Base64.getEncoder().encodeToString(sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }

    /**
     * Checks the server's response head (status line and headers, without the blank line) to the
     * request that carried {@code key}.
     *
     * @throws IOException naming what is wrong, e.g.
     *                     {@code expected HTTP/1.1 101, found "HTTP/1.1 404 Not Found"}
     */
    static void check(String head, String key) throws IOException {
        String[] lines = head.split("\r\n");
        if (!lines[0].startsWith("HTTP/1.1 101")) {
            throw new IOException("expected HTTP/1.1 101, found \"" + lines[0] + "\"");
        }
        String upgrade = null;
        String connection = null;
        String accept = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon < 0) {
                throw new IOException("malformed header line \"" + lines[i] + "\"");
            }
            String value = lines[i].substring(colon + 1).trim();
            switch (lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT)) {
                case "upgrade" -> upgrade = value;
                case "connection" -> connection = value;
                case "sec-websocket-accept" -> accept = value;
                case "sec-websocket-extensions", "sec-websocket-protocol" ->
                    throw new IOException(
                            "unrequested " + lines[i].substring(0, colon).trim() + ": " + value);
                default -> {
                    // Other headers (Date, Server, …) do not matter.
                }
            }
        }
        if (!"websocket".equalsIgnoreCase(upgrade)) {
            throw new IOException("expected Upgrade: websocket, found " + upgrade);
        }
        if (connection == null || !hasToken(connection, "upgrade")) {
            throw new IOException("expected Connection: Upgrade, found " + connection);
        }
        String expected = accept(key);
        if (!expected.equals(accept)) {
            throw new IOException("expected Sec-WebSocket-Accept: " + expected + ", found " + accept);
        }
    }

    /**
     * Reads the response head from {@code in} once it is whole (up to CR LF CR LF) and checks it;
     * the bytes after it are frames and stay in {@code in}. False while the head is incomplete.
     */
    static boolean readResponse(ByteBuffer in, String key) throws IOException {
        int start = in.position();
        int end = headEnd(in, start);
        if (end < 0) {
            if (in.remaining() > MAX_HEAD_BYTES) {
                throw new IOException("no end of the handshake response within " + MAX_HEAD_BYTES + " bytes");
            }
            return false;
        }
        String head = new String(in.array(), in.arrayOffset() + start, end - 4 - start, StandardCharsets.ISO_8859_1);
        in.position(end);
        check(head, key);
        return true;
    }

    /** The index just after the first CR LF CR LF in {@code in} from {@code start}, or -1. */
    private static int headEnd(ByteBuffer in, int start) {
        for (int i = start; i + 3 < in.limit(); i++) {
            if (in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r' && in.get(i + 3) == '\n') {
                return i + 4;
            }
        }
        return -1;
    }

    private static boolean hasToken(String list, String token) {
        for (String t : list.split(",")) {
            if (t.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }
}
