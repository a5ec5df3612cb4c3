package dev.calllog.plugins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.transport.HttpResult;
import dev.calllog.core.internal.transport.OpenSearchHttpTransport;
import dev.calllog.core.metrics.ShippingMetrics;
import dev.calllog.testsupport.OpenSearchHttp;
import dev.calllog.testsupport.OpenSearchNode;
import dev.calllog.testsupport.WithOpenSearch;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;

/**
 * Mutual TLS against a real node with the Security plugin: the transport presents a client certificate (the demo
 * configuration's admin certificate, kirk, signed by the node's CA) from PEM files, or from a PKCS12 or JKS key store
 * made of the same files with the JDK's {@code KeyStore} API, and the node accepts it in place of a password. Without
 * it, the same request is refused. The node's certificate is checked against the CA file, host name included. The
 * Logback appender, given only the key store, ships into the node.
 */
@WithOpenSearch(plugins = true)
class MutualTlsIT {
    private static final String STORE_PASSWORD = "Kirk-Store-2026!";

    private final OpenSearchNode node;
    private final OpenSearchHttp admin;

    MutualTlsIT(OpenSearchNode node, OpenSearchHttp admin) {
        this.node = node;
        this.admin = admin;
    }

    private Path demoConfig() {
        return node.caCertificate().getParent();
    }

    private HttpResult authinfo(Consumer<CallLogConfig> clientCertificate) throws Exception {
        CallLogConfig c = new CallLogConfig();
        c.addUrl(node.url());
        c.setCaFile(node.caCertificate().toString());
        clientCertificate.accept(c);
        assertThat(c.validate()).isEmpty();
        try (OpenSearchHttpTransport t = OpenSearchHttpTransport.create(c)) {
            return t.send("GET", "/_plugins/_security/authinfo");
        }
    }

    private static String text(HttpResult r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** A key store of {@code type} holding kirk's certificate and key from the demo configuration's PEM files. */
    private Path clientStore(String type) throws Exception {
        List<Certificate> chain;
        try (InputStream in = Files.newInputStream(demoConfig().resolve("kirk.pem"))) {
            chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
        String pem = Files.readString(demoConfig().resolve("kirk-key.pem"), StandardCharsets.US_ASCII);
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        PrivateKey key = KeyFactory.getInstance(chain.get(0).getPublicKey().getAlgorithm())
                .generatePrivate(new PKCS8EncodedKeySpec(der));
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        store.setKeyEntry("kirk", key, STORE_PASSWORD.toCharArray(), chain.toArray(new Certificate[0]));
        Path file = Files.createDirectories(Path.of("target", "mutual-tls"))
                .resolve("kirk." + type.toLowerCase(Locale.ROOT));
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, STORE_PASSWORD.toCharArray());
        }
        return file;
    }

    @Test
    void aClientCertificateFromPemFilesIsAcceptedByTheNode() throws Exception {
        assertThat(Files.readString(demoConfig().resolve("kirk-key.pem"), StandardCharsets.US_ASCII))
                .contains("-----BEGIN PRIVATE KEY-----");

        HttpResult without = authinfo(c -> {});
        HttpResult with = authinfo(c -> {
            c.setClientCertFile(demoConfig().resolve("kirk.pem").toString());
            c.setClientKeyFile(demoConfig().resolve("kirk-key.pem").toString());
        });

        assertThat(without.status()).isEqualTo(401);
        assertThat(with.status()).as(text(with)).isEqualTo(200);
        assertThat(text(with)).contains("\"user_name\":\"CN=kirk,");
    }

    @Test
    void aClientCertificateFromAPkcs12KeyStoreIsAcceptedByTheNode() throws Exception {
        Path p12 = clientStore("PKCS12");

        // No keyStoreType: the type is read from the file.
        HttpResult with = authinfo(c -> {
            c.setKeyStore(p12.toString());
            c.setKeyStorePassword(STORE_PASSWORD);
        });

        assertThat(with.status()).as(text(with)).isEqualTo(200);
        assertThat(text(with)).contains("\"user_name\":\"CN=kirk,");
    }

    @Test
    void aClientCertificateFromAJksKeyStoreIsAcceptedByTheNode() throws Exception {
        Path jks = clientStore("JKS");

        HttpResult with = authinfo(c -> {
            c.setKeyStore(jks.toString());
            c.setKeyStorePassword(STORE_PASSWORD);
            c.setKeyStoreType("JKS");
        });

        assertThat(with.status()).as(text(with)).isEqualTo(200);
        assertThat(text(with)).contains("\"user_name\":\"CN=kirk,");
    }

    @Test
    void aKeyStoreWithAWrongPasswordIsRefusedNamingTheSetting() throws Exception {
        Path p12 = clientStore("PKCS12");
        CallLogConfig c = new CallLogConfig();
        c.addUrl(node.url());
        c.setCaFile(node.caCertificate().toString());
        c.setKeyStore(p12.toString());
        c.setKeyStorePassword("Wrong-Store-Pw");
        assertThat(c.validate()).isEmpty();

        assertThatThrownBy(() -> OpenSearchHttpTransport.create(c))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageStartingWith("<keyStore> '" + p12 + "' cannot be read with its password: ")
                .hasMessageNotContaining("Wrong-Store-Pw");
    }

    @Test
    void theLogbackAppenderShipsWithOnlyAKeyStore() throws Exception {
        Path p12 = clientStore("PKCS12");
        String stream = "calllog-mtls-logback";
        String xml = """
                <configuration>
                  <appender name="CALLLOG" class="dev.calllog.logback.CallLogAppender">
                    <url>%s</url>
                    <caFile>%s</caFile>
                    <keyStore>%s</keyStore>
                    <keyStorePassword>%s</keyStorePassword>
                    <dataStream>%s</dataStream>
                    <lingerMillis>50</lingerMillis>
                    <shutdownTimeoutMillis>1000</shutdownTimeoutMillis>
                  </appender>
                  <root level="INFO"><appender-ref ref="CALLLOG"/></root>
                </configuration>
                """.formatted(node.url(), node.caCertificate(), p12, STORE_PASSWORD, stream);
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        try {
            org.slf4j.Logger log = context.getLogger("voice.agent");
            for (int i = 0; i < 3; i++) {
                MDC.put("call_id", "call-mtls-" + i);
                log.atInfo()
                        .addMarker(MarkerFactory.getMarker("call_completed"))
                        .log("Call completed");
                MDC.clear();
            }
            dev.calllog.logback.CallLogAppender appender = (dev.calllog.logback.CallLogAppender)
                    context.getLogger("ROOT").getAppender("CALLLOG");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            ShippingMetrics.Snapshot m = appender.getEngine().metrics();
            while (m.delivered() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                m = appender.getEngine().metrics();
            }
            List<String> problems = context.getStatusManager().getCopyOfStatusList().stream()
                    .filter(s -> s.getLevel() >= Status.WARN)
                    .map(Status::getMessage)
                    .toList();
            assertThat(m.delivered()).as(m + " " + problems).isEqualTo(3);
            assertThat(problems).isEmpty();
            admin.post("/" + stream + "/_refresh", "");
            assertThat(admin.get("/" + stream + "/_count").body()).contains("\"count\":3");
        } finally {
            context.stop();
        }
    }
}
