package io.cdcfanout.e2e;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets a set of processes and their descendants listen on, read from Linux's /proc (the kernel's own
 * view, no tool such as ss needed): /proc/net/tcp{,6} lists listening sockets by inode, /proc/PID/fd links to them.
 */
final class ListeningSockets {

    record Socket(long pid, String command, InetAddress address, int port) {
    }

    private ListeningSockets() {
    }

    static List<Socket> of(Set<Long> roots) throws IOException {
        Map<Long, Long> parents = new HashMap<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    // pid (comm) state ppid ...; comm may hold spaces and parentheses, so read after the last ')'.
                    String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    parents.put(Long.parseLong(p.getFileName().toString()), Long.parseLong(rest[1]));
                } catch (IOException | RuntimeException e) {
                    // the process ended meanwhile
                }
            });
        }
        Set<Long> tree = new HashSet<>(roots);
        for (boolean grew = true; grew; ) {
            grew = false;
            for (Map.Entry<Long, Long> p : parents.entrySet()) {
                if (tree.contains(p.getValue()) && tree.add(p.getKey())) {
                    grew = true;
                }
            }
        }
        Map<Long, Listener> listeners = new HashMap<>();
        readListeners(Path.of("/proc/net/tcp"), listeners);
        readListeners(Path.of("/proc/net/tcp6"), listeners);
        List<Socket> sockets = new ArrayList<>();
        for (long pid : tree) {
            Path fds = Path.of("/proc", Long.toString(pid), "fd");
            String command;
            try {
                command = Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim();
            } catch (IOException e) {
                continue;
            }
            try (Stream<Path> links = Files.list(fds)) {
                for (Path fd : links.toList()) {
                    try {
                        String target = Files.readSymbolicLink(fd).toString();
                        if (target.startsWith("socket:[")) {
                            Listener listener = listeners.get(Long.parseLong(target.substring(8, target.length() - 1)));
                            if (listener != null) {
                                sockets.add(new Socket(pid, command, listener.address(), listener.port()));
                            }
                        }
                    } catch (IOException e) {
                        // fd closed meanwhile
                    }
                }
            } catch (IOException e) {
                // process ended meanwhile
            }
        }
        return sockets;
    }

    private record Listener(InetAddress address, int port) {
    }

    private static void readListeners(Path table, Map<Long, Listener> listeners) throws IOException {
        if (!Files.exists(table)) {
            return;
        }
        // Read once: the table changes between two reads whenever a socket opens or closes meanwhile.
        List<String> lines = Files.readAllLines(table);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (!f[3].equals("0A")) { // TCP_LISTEN
                continue;
            }
            String[] local = f[1].split(":");
            listeners.put(Long.parseLong(f[9]), new Listener(address(local[0]), Integer.parseInt(local[1], 16)));
        }
    }

    /** /proc prints addresses as 32-bit words in host (little-endian) byte order. */
    private static InetAddress address(String hex) throws IOException {
        byte[] raw = new byte[hex.length() / 2];
        for (int word = 0; word < raw.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                raw[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(raw);
    }
}
