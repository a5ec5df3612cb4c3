package dev.calllog.core.internal.transport;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The nodes of a connection and what is known of their health. Requests rotate over the live nodes; a node that failed
 * (no answer, or 502/503/504) is set aside for a while, one minute after its first failure, growing with each further
 * failure up to thirty; a node set aside is live again once its time is up. Thread-safe.
 */
final class NodePool {
    static final long MIN_DEAD_NANOS = TimeUnit.MINUTES.toNanos(1);
    static final long MAX_DEAD_NANOS = TimeUnit.MINUTES.toNanos(30);

    /** One node: its base URI (scheme, host, port and path prefix, no trailing slash). */
    static final class Node {
        final URI base;
        private int failures;
        private long deadUntil;

        Node(URI base) {
            this.base = base;
        }

        @Override
        public String toString() {
            return base.toString();
        }
    }

    private final List<Node> nodes;
    private final LongSupplier nanoTime;
    private int next;

    NodePool(List<URI> bases, LongSupplier nanoTime) {
        List<Node> list = new ArrayList<>();
        for (URI b : bases) {
            list.add(new Node(b));
        }
        this.nodes = List.copyOf(list);
        this.nanoTime = nanoTime;
    }

    @Override
    public String toString() {
        return nodes.toString();
    }

    int size() {
        return nodes.size();
    }

    /**
     * The nodes to try for one request, in order: every live node, starting with the next in rotation, then the node
     * set aside that is closest to its retry. A failed node is never forgotten: when every live node fails (or none is
     * left), the best of the others is tried.
     */
    synchronized List<Node> candidates() {
        long now = nanoTime.getAsLong();
        int n = nodes.size();
        List<Node> out = new ArrayList<>(n);
        Node bestDead = null;
        int start = next;
        next = (next + 1) % n;
        for (int i = 0; i < n; i++) {
            Node node = nodes.get((start + i) % n);
            if (node.failures == 0 || node.deadUntil - now <= 0) {
                out.add(node);
            } else if (bestDead == null || node.deadUntil - bestDead.deadUntil < 0) {
                bestDead = node;
            }
        }
        if (bestDead != null) {
            out.add(bestDead);
        }
        return out;
    }

    /** The node answered: it is live. */
    synchronized void markAlive(Node node) {
        node.failures = 0;
        node.deadUntil = 0;
    }

    /** The node failed: set aside for longer with each failure in a row. */
    synchronized void markDead(Node node) {
        node.failures++;
        double factor = Math.pow(2, (node.failures - 1) * 0.5);
        long wait = (long) Math.min(MAX_DEAD_NANOS, MIN_DEAD_NANOS * factor);
        node.deadUntil = nanoTime.getAsLong() + wait;
    }
}
