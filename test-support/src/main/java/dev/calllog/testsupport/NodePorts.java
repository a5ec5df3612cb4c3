package dev.calllog.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Free loopback ports for nodes, chosen below the range the operating system hands out to outgoing connections
 * ({@code /proc/sys/net/ipv4/ip_local_port_range}, 32768 to 60999 by default on Linux).
 *
 * <p>A port of that range that was found free and released can be taken by any outgoing connection on the machine
 * before the node binds it, which on a busy machine is tens of seconds later; and a node that is killed and started
 * again can lose its port the same way while it is down. Below that range, only a process that binds the very port on
 * purpose can take it.
 */
final class NodePorts {
    /** The lowest port handed out. */
    static final int LOWEST = 15_000;

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int DEFAULT_EPHEMERAL_LOW = 32_768;
    private static final int ATTEMPTS = 1_000;

    private NodePorts() {}

    /**
     * {@code count} distinct ports that could be bound on the loopback address just now, below the ephemeral range;
     * ports the operating system picks itself when that range starts too low to leave room below it.
     */
    static int[] free(int count) {
        return free(count, ephemeralLow(), RandomGenerator.getDefault());
    }

    static int[] free(int count, int ephemeralLow, RandomGenerator random) {
        if (ephemeralLow - LOWEST < 1_000) {
            return anyFree(count);
        }
        Set<Integer> ports = new LinkedHashSet<>();
        for (int i = 0; i < ATTEMPTS && ports.size() < count; i++) {
            int port = random.nextInt(LOWEST, ephemeralLow);
            if (!ports.contains(port) && canBind(port)) {
                ports.add(port);
            }
        }
        if (ports.size() < count) {
            throw new IllegalStateException("No " + count + " free ports between " + LOWEST + " and " + ephemeralLow);
        }
        return ports.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The first port of the ephemeral range, as the kernel says, or Linux's default where it does not. */
    static int ephemeralLow() {
        return ephemeralLow(EPHEMERAL_RANGE);
    }

    static int ephemeralLow(Path rangeFile) {
        try {
            // Read by lines: Files.readString takes a /proc file, whose size shows as 0, for its first byte alone.
            String range = Files.readAllLines(rangeFile).get(0).trim();
            return Integer.parseInt(range.split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_LOW;
        }
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Distinct ports the operating system picks, found by binding them all at once. */
    private static int[] anyFree(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // The port is free again either way.
                }
            }
        }
    }
}
