package dev.calllog.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The call-log templates on an OpenSearch 3.x node, which needs Java 21+: skipped when no such JDK is found. Runs in a
 * JVM of its own (tag {@code opensearch-3}), so it never shares the machine with the default node.
 */
@Tag("opensearch-3")
class OpenSearch3IT extends CallLogTemplateContract {
    private OpenSearchNode node;

    @Override
    OpenSearchHttp connect() {
        String version = OpenSearchVersions.major3Version();
        assumeTrue(
                OpenSearchVersions.javaHomeFor(version).isPresent(),
                "OpenSearch " + version + " needs Java 21+: this JVM is Java "
                        + Runtime.version().feature() + " and no JDK 21+ is installed under "
                        + OpenSearchVersions.JVM_DIRECTORY);
        node = OpenSearchNode.builder().version(version).name("calllog-os3").build();
        try {
            node.start();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node.http();
    }

    @Override
    void disconnect() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void runsOnAJavaRecentEnoughForIt() {
        assertThat(OpenSearchVersions.javaFeatureVersion(node.javaHome())).isGreaterThanOrEqualTo(21);
        assertThat(node.http().get("/?pretty=false&filter_path=version.number").body())
                .isEqualTo("{\"version\":{\"number\":\"" + OpenSearchVersions.major3Version() + "\"}}");
    }
}
