package dev.calllog.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NodePartsTest {
    @Test
    void readsTheCompileDependenciesOfAModulePom() {
        String pom = """
                <dependencies>
                  <dependency>
                    <groupId>org.antlr</groupId>
                    <artifactId>antlr4-runtime</artifactId>
                    <version>4.13.1</version>
                    <scope>compile</scope>
                    <exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions>
                  </dependency>
                  <dependency>
                    <groupId>org.opensearch.plugin</groupId>
                    <artifactId>opensearch-scripting-painless-spi</artifactId>
                    <version>2.19.4</version>
                    <scope>compile</scope>
                  </dependency>
                  <dependency>
                    <groupId>org.opensearch</groupId>
                    <artifactId>opensearch</artifactId>
                    <version>2.19.4</version>
                    <scope>provided</scope>
                  </dependency>
                </dependencies>
                """;
        assertThat(NodeParts.compileDependencies(pom))
                .extracting(d -> String.join(":", d))
                .containsExactly(
                        "org.antlr:antlr4-runtime:4.13.1",
                        "org.opensearch.plugin:opensearch-scripting-painless-spi:2.19.4");
    }

    @Test
    void pluginArtifactsLieWhereMavenPutsThem() {
        assertThat(Distribution.pathIn(
                        Path.of("/repo"), "org.opensearch.plugin", "opensearch-security", "2.19.4.0", "zip"))
                .isEqualTo(Path.of(
                        "/repo/org/opensearch/plugin/opensearch-security/2.19.4.0/opensearch-security-2.19.4.0.zip"));
    }
}
