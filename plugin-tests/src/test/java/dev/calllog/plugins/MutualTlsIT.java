package dev.calllog.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.config.CallLogConfig;
import dev.calllog.core.transport.HttpResult;
import dev.calllog.core.transport.OpenSearchHttpTransport;
import dev.calllog.testsupport.OpenSearchNode;
import dev.calllog.testsupport.WithOpenSearch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Mutual TLS against a real node with the Security plugin: the transport presents a client certificate from PEM files
 * (the demo configuration's admin certificate, signed by the node's CA), and the node accepts it in place of a password.
 * Without it, the same request is refused. The node's certificate is checked against the CA file, host name included.
 */
@WithOpenSearch(plugins = true)
class MutualTlsIT {
    private final OpenSearchNode node;

    MutualTlsIT(OpenSearchNode node) {
        this.node = node;
    }

    private HttpResult authinfo(boolean clientCertificate) throws Exception {
        Path config = node.caCertificate().getParent();
        CallLogConfig c = new CallLogConfig();
        c.addUrl(node.url());
        c.setCaFile(node.caCertificate().toString());
        if (clientCertificate) {
            c.setClientCertFile(config.resolve("kirk.pem").toString());
            c.setClientKeyFile(config.resolve("kirk-key.pem").toString());
        }
        assertThat(c.validate()).isEmpty();
        try (OpenSearchHttpTransport t = OpenSearchHttpTransport.create(c)) {
            return t.send("GET", "/_plugins/_security/authinfo");
        }
    }

    @Test
    void aClientCertificateFromPemFilesIsAcceptedByTheNode() throws Exception {
        Path config = node.caCertificate().getParent();
        assertThat(Files.readString(config.resolve("kirk-key.pem"), StandardCharsets.US_ASCII))
                .contains("-----BEGIN PRIVATE KEY-----");

        HttpResult without = authinfo(false);
        HttpResult with = authinfo(true);

        assertThat(without.status()).isEqualTo(401);
        assertThat(with.status())
                .as(new String(with.body(), StandardCharsets.UTF_8))
                .isEqualTo(200);
    }
}
