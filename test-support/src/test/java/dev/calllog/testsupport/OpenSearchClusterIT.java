package dev.calllog.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three nodes on loopback form one cluster that survives the loss of one. It runs several nodes, so it runs only when
 * asked for: {@code mvn verify -Dcalllog.it.cluster=true}, in a JVM of its own (tag {@code opensearch-cluster}).
 */
@Tag("opensearch-cluster")
class OpenSearchClusterIT {

    @Test
    void survivesTheLossOfANodeAndTakesItBack() {
        assumeTrue(Boolean.getBoolean("calllog.it.cluster"), "several nodes: run with -Dcalllog.it.cluster=true");
        try (OpenSearchCluster cluster =
                OpenSearchCluster.builder().size(3).build().start()) {
            OpenSearchHttp first = cluster.node(0).http();
            assertThat(first.get("/_cat/nodes?h=name&s=name").body())
                    .isEqualTo("calllog-cluster-0\ncalllog-cluster-1\ncalllog-cluster-2\n");
            first.put("/failover", "{\"settings\":{\"index.number_of_shards\":1,\"index.number_of_replicas\":1}}");
            first.put("/failover/_doc/1?refresh=true", "{\"n\":1}");
            assertThat(first.get("/_cluster/health/failover?wait_for_status=green&timeout=60s&filter_path=status")
                            .body())
                    .isEqualTo("{\"status\":\"green\"}");

            cluster.node(0).kill();

            OpenSearchHttp survivor = cluster.node(1).http();
            assertThat(survivor.get("/_cluster/health?wait_for_nodes=2&timeout=60s&filter_path=number_of_nodes")
                            .body())
                    .isEqualTo("{\"number_of_nodes\":2}");
            assertThat(survivor.put("/failover/_doc/2?refresh=true", "{\"n\":2}")
                            .status())
                    .isEqualTo(201);

            cluster.node(0).start();

            assertThat(first.get("/_cluster/health?wait_for_nodes=3&timeout=60s&filter_path=number_of_nodes")
                            .body())
                    .isEqualTo("{\"number_of_nodes\":3}");
            assertThat(first.get("/failover/_count?filter_path=count").body()).isEqualTo("{\"count\":2}");
            assertThat(cluster.urls()).hasSize(3).allMatch(url -> url.startsWith("http://127.0.0.1:"));
        }
    }
}
