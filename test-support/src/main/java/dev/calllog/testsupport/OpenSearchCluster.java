package dev.calllog.testsupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Several {@link OpenSearchNode}s on loopback forming one cluster; every node is cluster-manager eligible and holds
 * data. Nodes can be stopped, killed and started one by one, for failover tests.
 *
 * <pre>{@code
 * try (OpenSearchCluster cluster = OpenSearchCluster.builder().size(3).build().start()) {
 *     cluster.node(0).kill();
 * }
 * }</pre>
 */
public final class OpenSearchCluster implements AutoCloseable {
    private final List<OpenSearchNode> nodes;

    private OpenSearchCluster(List<OpenSearchNode> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts every node together (a cluster forms only once enough of them run) and waits until all have joined and
     * the health is at least yellow.
     */
    public OpenSearchCluster start() {
        try {
            for (OpenSearchNode node : nodes) {
                node.launch();
            }
            for (OpenSearchNode node : nodes) {
                node.awaitReady();
            }
            OpenSearchHttp.Response health = nodes.get(0)
                    .http()
                    .get("/_cluster/health?wait_for_nodes=" + nodes.size() + "&wait_for_status=yellow&timeout=60s");
            if (health.status() != 200) {
                throw new IllegalStateException("Cluster of " + nodes.size() + " nodes did not form: " + health);
            }
            return this;
        } catch (RuntimeException e) {
            nodes.forEach(OpenSearchNode::kill);
            throw e;
        }
    }

    /** The nodes, in the order of their names {@code <cluster>-0}, {@code <cluster>-1}, and so on. */
    public List<OpenSearchNode> nodes() {
        return nodes;
    }

    public OpenSearchNode node(int index) {
        return nodes.get(index);
    }

    /** The HTTP URLs of all nodes, running or not, as a client configuration lists them. */
    public List<String> urls() {
        return nodes.stream().map(OpenSearchNode::url).toList();
    }

    /** An HTTP client for the first node that is running. */
    public OpenSearchHttp http() {
        return nodes.stream()
                .filter(OpenSearchNode::isRunning)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No node of the cluster is running"))
                .http();
    }

    /** Stops every node. */
    public void stop() {
        nodes.forEach(OpenSearchNode::stop);
    }

    /** Stops every node and deletes their directories. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (OpenSearchNode node : nodes) {
            try {
                node.close();
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Settings of a cluster; each has a default. */
    public static final class Builder {
        private int size = 3;
        private String version = OpenSearchVersions.defaultVersion();
        private String clusterName = "calllog-cluster";
        private String heap = System.getProperty(OpenSearchNode.HEAP_PROPERTY, "256m");
        private Duration startupTimeout = Duration.ofSeconds(360);

        private Builder() {}

        /** Number of nodes; default 3, the smallest cluster that keeps a quorum when one node is lost. */
        public Builder size(int size) {
            if (size < 1) {
                throw new IllegalArgumentException("size must be at least 1: " + size);
            }
            this.size = size;
            return this;
        }

        /** OpenSearch version of every node; default {@link OpenSearchVersions#defaultVersion()}. */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version);
            return this;
        }

        /** {@code cluster.name}, also the prefix of node names; default {@code calllog-cluster}. */
        public Builder clusterName(String clusterName) {
            this.clusterName = Objects.requireNonNull(clusterName);
            return this;
        }

        /** Heap of each node; default 256m (several nodes share the machine). */
        public Builder heap(String heap) {
            this.heap = Objects.requireNonNull(heap);
            return this;
        }

        /** How long each node may take to join; default 180 s, since nodes boot together. */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = Objects.requireNonNull(startupTimeout);
            return this;
        }

        /** The cluster's nodes, not started yet, with their ports chosen. */
        public OpenSearchCluster build() {
            int[] ports = NodePorts.free(2 * size);
            List<String> names = new ArrayList<>();
            List<String> seeds = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                names.add(clusterName + "-" + i);
                seeds.add("127.0.0.1:" + ports[2 * i + 1]);
            }
            List<OpenSearchNode> nodes = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                nodes.add(OpenSearchNode.builder()
                        .version(version)
                        .name(names.get(i))
                        .clusterName(clusterName)
                        .heap(heap)
                        .startupTimeout(startupTimeout)
                        .httpPort(ports[2 * i])
                        .transportPort(ports[2 * i + 1])
                        .setting("discovery.seed_hosts", String.join(",", seeds))
                        .setting(
                                "cluster.initial_cluster_manager_nodes",
                                names.stream().collect(Collectors.joining(",")))
                        .build());
            }
            return new OpenSearchCluster(nodes);
        }
    }
}
