package dev.calllog.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The plugin tier's node: Security (HTTPS, authentication), Job Scheduler and Painless, from Maven Central. */
@WithOpenSearch(plugins = true)
class PluginTierIT {
    private final OpenSearchNode node;
    private final OpenSearchHttp admin;

    PluginTierIT(OpenSearchNode node, OpenSearchHttp admin) {
        this.node = node;
        this.admin = admin;
    }

    @Test
    void theNodeRunsTheSecurityAndJobSchedulerPluginsOfItsVersion() {
        assertThat(node.version()).isEqualTo(OpenSearchVersions.pluginsVersion());
        assertThat(node.url()).startsWith("https://127.0.0.1:");
        OpenSearchHttp.Response plugins = admin.get("/_cat/plugins?h=component,version&format=json");
        assertThat(plugins.status()).isEqualTo(200);
        assertThat(plugins.body())
                .contains("{\"component\":\"opensearch-security\",\"version\":\"" + node.version() + ".0\"}")
                .contains("{\"component\":\"opensearch-job-scheduler\",\"version\":\"" + node.version() + ".0\"}");
        assertThat(admin.get("/_nodes/_local/plugins?filter_path=**.modules.name")
                        .body())
                .contains("\"lang-painless\"");
    }

    @Test
    void requestsWithoutOrWithWrongCredentialsAreRefused() {
        OpenSearchHttp anonymous =
                new OpenSearchHttp(node.url(), Duration.ofSeconds(30), node.sslContext(), null, null);
        assertThat(anonymous.get("/").status()).isEqualTo(401);
        assertThat(admin.as("admin", "not-the-password").get("/").status()).isEqualTo(401);
        assertThat(admin.get("/_plugins/_security/authinfo").body()).contains("\"user_name\":\"admin\"");
    }

    @Test
    void theDefaultTrustDoesNotTrustTheDemoCertificates() {
        OpenSearchHttp untrusted = new OpenSearchHttp(node.url(), Duration.ofSeconds(30), null, "admin", "x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> untrusted.get("/"))
                .hasMessageContaining("PKIX");
    }

    @Test
    void painlessRunsScripts() {
        OpenSearchHttp.Response r = admin.post(
                "/_scripts/painless/_execute",
                "{\"script\":{\"source\":\"params.a * 2 > params.b\",\"params\":{\"a\":3,\"b\":5}}}");
        assertThat(r.toString()).isEqualTo("200 {\"result\":\"true\"}");
    }
}
