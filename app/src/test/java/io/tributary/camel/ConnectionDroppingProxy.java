package io.tributary.camel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of an HTTP server (S3Proxy) that drops the connection of chosen requests,
 * as a network does: a request whose method and path match {@link #dropNext} is cut off (TCP
 * reset) after its head arrives, before the server sees it. Every other request passes byte for
 * byte, so request signatures stay valid; each request gets a connection of its own
 * ({@code Connection: close} is added to its head), so every one is looked at.
 */
final class ConnectionDroppingProxy implements AutoCloseable {

    private static final byte[] HEAD_END = {'\r', '\n', '\r', '\n'};

    private final URI target;
    private final ServerSocket server;
    private final ExecutorService connections = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-proxy");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger toDrop = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    private volatile String method = "";
    private volatile String pathPart = "";

    ConnectionDroppingProxy(URI target) throws IOException {
        this.target = target;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        connections.execute(this::acceptAll);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Drops the connections of the next {@code times} requests with this method whose path contains {@code pathPart}. */
    synchronized void dropNext(String method, String pathPart, int times) {
        this.method = method;
        this.pathPart = pathPart;
        toDrop.set(times);
        dropped.set(0);
    }

    /** How many connections were dropped since the last {@link #dropNext}. */
    int dropped() {
        return dropped.get();
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.execute(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int headEnd = -1;
            while (headEnd < 0) {
                int n = in.read(buf);
                if (n < 0) {
                    return;
                }
                head.write(buf, 0, n);
                headEnd = indexOf(head.toByteArray(), HEAD_END);
            }
            byte[] bytes = head.toByteArray();
            String[] lines = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
            String[] requestLine = lines[0].split(" ");
            if (requestLine[0].equals(method) && requestLine[1].contains(pathPart) && toDrop.getAndDecrement() > 0) {
                dropped.incrementAndGet();
                client.setSoLinger(true, 0); // close with a reset, as a dropped connection looks
                return;
            }
            try (Socket upstream = new Socket(target.getHost(), target.getPort())) {
                OutputStream up = upstream.getOutputStream();
                StringBuilder rewritten = new StringBuilder(lines[0]).append("\r\n");
                for (int i = 1; i < lines.length; i++) {
                    if (!lines[i].regionMatches(true, 0, "connection:", 0, 11)) {
                        rewritten.append(lines[i]).append("\r\n");
                    }
                }
                rewritten.append("Connection: close\r\n\r\n");
                up.write(rewritten.toString().getBytes(StandardCharsets.ISO_8859_1));
                up.write(bytes, headEnd + HEAD_END.length, bytes.length - headEnd - HEAD_END.length);
                up.flush();
                connections.execute(() -> pump(in, up));
                pump(upstream.getInputStream(), client.getOutputStream());
            }
        } catch (IOException e) {
            // the client or the server went away: so does the connection
        }
    }

    private static void pump(InputStream from, OutputStream to) {
        byte[] buf = new byte[65536];
        try {
            for (int n; (n = from.read(buf)) >= 0; ) {
                to.write(buf, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // one side closed
        }
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= bytes.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (bytes[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        server.close();
        connections.shutdownNow();
    }
}
