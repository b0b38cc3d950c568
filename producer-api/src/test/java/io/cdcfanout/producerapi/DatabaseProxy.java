package io.cdcfanout.producerapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy between the app and the real PostgreSQL, to make the database fail the way networks
 * and servers do: {@link #stop()} takes it away (connections reset, new ones refused),
 * {@link #start()} brings it back on the same port, and {@link #loseConnectionAtNextCommit()} lets
 * the next {@code COMMIT} reach the server but cuts the client off before the answer, so the
 * transaction commits while the app sees its connection fail. The app must send statement text
 * with every execution for that ({@code prepareThreshold=0} on the JDBC URL).
 */
public final class DatabaseProxy {

    private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);

    private final InetSocketAddress target;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean loseAtCommit = new AtomicBoolean();
    private volatile ServerSocket server;

    public DatabaseProxy(String targetHost, int targetPort) throws IOException {
        this.target = new InetSocketAddress(targetHost, targetPort);
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            this.port = probe.getLocalPort();
        }
        start();
    }

    public int port() {
        return port;
    }

    public synchronized void start() throws IOException {
        ServerSocket listening = new ServerSocket();
        listening.setReuseAddress(true);
        listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = listening;
        Thread.ofPlatform().daemon().name("db-proxy-" + port).start(() -> accept(listening));
    }

    public synchronized void stop() throws IOException {
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    /** The next COMMIT through the proxy is delivered, then the client's connection is cut before it hears the outcome. */
    public void loseConnectionAtNextCommit() {
        loseAtCommit.set(true);
    }

    /** Whether the armed cut has happened. */
    public boolean commitConnectionLost() {
        return !loseAtCommit.get();
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            try {
                Socket client = listening.accept();
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                sockets.add(client);
                sockets.add(upstream);
                Thread.ofPlatform().daemon().start(() -> toServer(client, upstream));
                Thread.ofPlatform().daemon().start(() -> toClient(upstream, client));
            } catch (IOException e) {
                // closed by stop(), or the target refused: the client sees its connection fail
            }
        }
    }

    private void toServer(Socket client, Socket upstream) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = client.getInputStream(); OutputStream out = upstream.getOutputStream()) {
            for (int read; (read = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, read);
                out.flush();
                if (contains(buffer, read, COMMIT) && loseAtCommit.compareAndSet(true, false)) {
                    // The server got the COMMIT; the client never hears whether it succeeded.
                    closeQuietly(client);
                    upstream.shutdownOutput();
                    return;
                }
            }
        } catch (IOException e) {
            // connection cut
        }
        closeQuietly(client);
        closeQuietly(upstream);
    }

    /** Relays the server's answers; once the client is gone, reads the rest so the server finishes its work undisturbed. */
    private void toClient(Socket upstream, Socket client) {
        try (InputStream in = upstream.getInputStream()) {
            try {
                in.transferTo(client.getOutputStream());
            } catch (IOException clientGone) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        } catch (IOException e) {
            // connection cut
        }
        closeQuietly(client);
        closeQuietly(upstream);
    }

    private static boolean contains(byte[] buffer, int length, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (buffer[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private void closeQuietly(Socket socket) {
        sockets.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
