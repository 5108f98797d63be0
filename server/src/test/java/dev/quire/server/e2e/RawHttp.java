package dev.quire.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 written by hand over a socket, for requests the JDK client will not send: a forged or
 * missing {@code Host}, a WebSocket handshake with chosen headers ({@code Origin},
 * {@code Sec-WebSocket-Extensions}). Reads the status line, the headers and, unless the answer is
 * 101, the body.
 */
final class RawHttp {
    private RawHttp() {}

    /** Header names in lower case. */
    record Response(int status, Map<String, String> headers, String body) {
        JsonNode json() throws Exception {
            return WsClient.JSON.readTree(body);
        }

        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    /** A WebSocket handshake for {@code /ws}; {@code extraHeaders} are whole lines ending in CRLF. */
    static String upgrade(String host, String extraHeaders) {
        return "GET /ws HTTP/1.1\r\n"
                + (host == null ? "" : "Host: " + host + "\r\n")
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + extraHeaders + "\r\n";
    }

    /** A request without a body; the connection is closed after the answer. */
    static String request(String method, String path, String host, String extraHeaders) {
        return method + " " + path + " HTTP/1.1\r\n"
                + (host == null ? "" : "Host: " + host + "\r\n")
                + "Connection: close\r\n" + extraHeaders + "\r\n";
    }

    static Response send(int port, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(
                        lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).strip());
            }
            if (status == 101) {
                return new Response(status, headers, "");
            }
            String length = headers.get("content-length");
            byte[] body = length == null ? in.readAllBytes() : in.readNBytes(Integer.parseInt(length));
            return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head.toString(StandardCharsets.UTF_8));
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.UTF_8).strip();
    }
}
