package dev.quire.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder in front of the server whose network can be cut: {@link #cut()} drops every
 * connection and refuses new ones (the client sees a dead network), {@link #restore()} accepts
 * again on the same port.
 */
final class TcpProxy implements AutoCloseable {
    private final int target;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;

    TcpProxy(int target) throws IOException {
        this.target = target;
        ServerSocket first = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = first.getLocalPort();
        listen(first);
    }

    int port() {
        return port;
    }

    private void listen(ServerSocket server) {
        listener = server;
        Thread t = new Thread(
                () -> {
                    try {
                        while (true) {
                            Socket client = server.accept();
                            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                            sockets.add(client);
                            sockets.add(upstream);
                            pipe(client, upstream);
                            pipe(upstream, client);
                        }
                    } catch (IOException closed) {
                        // cut() or close()
                    }
                },
                "proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    private void pipe(Socket from, Socket to) {
        Thread t = new Thread(
                () -> {
                    byte[] buffer = new byte[16384];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException dropped) {
                        // cut
                    }
                    closeQuietly(from);
                    closeQuietly(to);
                },
                "proxy-pipe");
        t.setDaemon(true);
        t.start();
    }

    /** Drops every connection and refuses new ones. */
    void cut() throws IOException {
        listener.close();
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    /** Accepts connections again, on the same port. */
    void restore() throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listen(server);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
