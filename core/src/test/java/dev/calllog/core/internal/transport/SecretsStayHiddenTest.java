package dev.calllog.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.CallLogEngine;
import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.config.HeaderSetting;
import dev.calllog.core.internal.mapping.SourceLevel;
import dev.calllog.core.internal.mapping.TestSourceEvent;
import dev.calllog.core.internal.status.StatusSink;
import dev.calllog.testsupport.http.FakeOpenSearch;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.management.MBeanAttributeInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A password planted in every secret setting appears in no status line, exception (message, cause or stack trace),
 * metric name or {@code toString()}, whatever goes wrong.
 */
class SecretsStayHiddenTest {
    private static final String PLANTED = "Planted-Pw-7f3a9c";

    @TempDir
    Path dir;

    /** Everything a user could see. */
    private final List<String> seen = new CopyOnWriteArrayList<>();

    private final StatusSink sink = new StatusSink() {
        @Override
        public void info(String message) {
            seen.add(message);
        }

        @Override
        public void warn(String message, Throwable cause) {
            seen.add(message);
            seen.add(trace(cause));
        }

        @Override
        public void error(String message, Throwable cause) {
            seen.add(message);
            seen.add(trace(cause));
        }
    };

    private static String trace(Throwable t) {
        if (t == null) {
            return "";
        }
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /** A PKCS12 store locked with another password than the planted one. */
    private Path storeWithOtherPassword(String name) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        Path file = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, "another-password".toCharArray());
        }
        return file;
    }

    /** Validates, builds a transport and sends one request, and runs an engine: with {@code settings} applied. */
    private void exercise(String url, Consumer<CallLogConfig> settings) {
        CallLogConfig c = new CallLogConfig();
        c.addUrl(url);
        c.setInstallTemplates(false);
        c.setDeadLetterFile(null);
        c.setConnectTimeoutMillis(1_000);
        c.setRequestTimeoutMillis(2_000);
        c.setRetryTimeoutMillis(500);
        c.setShutdownTimeoutMillis(2_000);
        settings.accept(c);
        seen.addAll(c.validate());
        seen.add(String.valueOf(c));
        for (String h : c.headerSpecs()) {
            try {
                seen.add(HeaderSetting.parse(h).toString());
            } catch (IllegalArgumentException e) {
                seen.add(trace(e));
            }
        }
        try (OpenSearchHttpTransport t = OpenSearchHttpTransport.create(c)) {
            seen.add(t.toString());
            HttpResult r = t.send("GET", "/");
            seen.add(r.status() + " " + r.errorText(500));
        } catch (Exception e) {
            seen.add(trace(e));
        }
        CallLogEngine engine = new CallLogEngine(c, sink, "secrets");
        try {
            if (engine.start()) {
                seen.add(String.valueOf(engine.jmxName()));
                if (engine.jmxName() != null) {
                    for (MBeanAttributeInfo a : ManagementFactory.getPlatformMBeanServer()
                            .getMBeanInfo(engine.jmxName())
                            .getAttributes()) {
                        seen.add(a.getName() + " " + a.getDescription());
                    }
                }
                engine.append(TestSourceEvent.builder()
                        .level(SourceLevel.INFO)
                        .marker("agent_message_sent")
                        .mdc("call_id", "call-1")
                        .message("m")
                        .build());
                engine.flush(3_000);
            }
        } catch (Exception e) {
            seen.add(trace(e));
        } finally {
            engine.stop();
        }
    }

    @Test
    void aPlantedPasswordAppearsNowhere() throws Exception {
        try (FakeOpenSearch node = new FakeOpenSearch()) {
            // A node that refuses every credential.
            node.handler(r -> new FakeOpenSearch.Answer(
                    401, "{\"error\":{\"type\":\"security_exception\",\"reason\":\"unauthorized\"},\"status\":401}"));
            String url = node.url();
            Path p12 = storeWithOtherPassword("trust.p12");
            Path keys = storeWithOtherPassword("keys.p12");
            Path encryptedKey = Files.writeString(
                    dir.resolve("client.key"),
                    "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBvTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQI\n"
                            + "-----END ENCRYPTED PRIVATE KEY-----\n");
            Path cert = Files.writeString(dir.resolve("client.crt"), "not a certificate");
            Path passwordFile = Files.writeString(dir.resolve("password"), PLANTED + "\n");

            exercise(url, c -> {
                c.setUsername("shipper");
                c.setPassword(PLANTED);
            });
            exercise(url, c -> {
                c.setUsername("shipper");
                c.setPasswordFile(passwordFile.toString());
            });
            exercise(url, c -> c.setApiKey("key-id:" + PLANTED));
            exercise(url, c -> c.setBearerToken(PLANTED));
            exercise(url, c -> c.addHeader("X-Gateway-Key: " + PLANTED));
            exercise(url, c -> c.addHeader("X-Gateway-Key: " + PLANTED + "\nInjected: yes"));
            exercise(url, c -> {
                c.setTrustStore(p12.toString());
                c.setTrustStorePassword(PLANTED);
            });
            exercise(url, c -> {
                c.setKeyStore(keys.toString());
                c.setKeyStorePassword(PLANTED);
            });
            exercise(url, c -> {
                c.setClientCertFile(cert.toString());
                c.setClientKeyFile(encryptedKey.toString());
                c.setClientKeyPassword(PLANTED);
            });
            exercise(url, c -> {
                c.setProxy(url);
                c.setProxyUsername("proxy-user");
                c.setProxyPassword(PLANTED);
            });
            // An https:// node through a tunnelling proxy that refuses the tunnel: the credentials go on the CONNECT.
            try (TunnellingProxy proxy = new TunnellingProxy(
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), node.port()),
                    "Basic none")) {
                exercise("https://calllog-node.invalid:9200", c -> {
                    c.setProxy(proxy.url());
                    c.setProxyUsername("proxy-user");
                    c.setProxyPassword(PLANTED);
                });
                assertThat(proxy.requests()).isNotEmpty();
            }
            exercise(url, c -> c.setProxy("http://proxy-user:" + PLANTED + "@proxy.example:3128"));
            exercise(url.replace("http://", "http://admin:" + PLANTED + "@"), c -> {});
            exercise(url.replace("http://", "http://admin:" + PLANTED + "@") + "/a b^", c -> {});
        }

        assertThat(seen).isNotEmpty();
        assertThat(String.join("\n", seen))
                .contains("401") // the requests did go out, and failed
                .contains("trust.p12")
                .doesNotContain(PLANTED)
                .doesNotContain(java.util.Base64.getEncoder()
                        .encodeToString(("shipper:" + PLANTED).getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .doesNotContain(java.util.Base64.getEncoder()
                        .encodeToString(("proxy-user:" + PLANTED).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
