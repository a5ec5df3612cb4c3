package dev.calllog.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeUrlsTest {

    @Test
    void keepsSchemeHostAndAnOwnPortAndDropsTheSchemesDefaultAndTrailingSlashes() {
        assertThat(NodeUrls.bases(List.of("HTTPS://node-a:443/search//", "https://node-b:9200/search")))
                .containsExactly(URI.create("https://node-a/search"), URI.create("https://node-b:9200/search"));
        assertThat(NodeUrls.bases(List.of("http://node:80"))).containsExactly(URI.create("http://node"));
    }

    @Test
    void refusesOtherSchemesAndUrlsWithoutAHost() {
        assertThatThrownBy(() -> NodeUrls.bases(List.of("ftp://node:21")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'ftp://node:21' is not an http:// or https:// URL");
        assertThatThrownBy(() -> NodeUrls.bases(List.of("http:///path")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an http:// or https:// URL");
    }

    @Test
    void refusesUrlsWithDifferentPathsWithoutShowingTheirPasswords() {
        assertThatThrownBy(() -> NodeUrls.bases(List.of("http://u:secret@a:9200/x", "http://u:secret@b:9200/y")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("every <url> must have the same path")
                .hasMessageNotContaining("secret");
    }

    @Test
    void refusesAnInvalidUrlWithoutShowingItsPassword() {
        assertThatThrownBy(() -> NodeUrls.bases(List.of("http://u:secret@a:9200/x y")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a valid URL")
                .hasMessageNotContaining("secret");
    }
}
