package dev.calllog.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.config.ConnectionChecks;
import dev.calllog.testsupport.http.FakeOpenSearch;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code https://} node behind an explicit {@code proxy}: the JDK's client asks the proxy for a tunnel
 * ({@code CONNECT}) and speaks TLS to the node through it, the node's certificate checked against {@code caFile} and
 * the URL's host. The node's host name resolves nowhere, so only the proxy can carry the request. Proxy credentials go
 * on the tunnel request, never to the node; a JVM that leaves Basic credentials off tunnels (the JDK's default) is
 * refused at start, naming the option that allows them, rather than failing each request with 407.
 */
class ProxyTunnelTest {
    private static final String NODE_HOST = "calllog-node.invalid";
    private static final String STORE_PASSWORD = "node-store-pass";
    private static final String PROXY_USER = "proxy-user";
    private static final String PROXY_PASSWORD = "proxy-Pa55";

    @TempDir
    static Path dir;

    private static Path nodeStore;
    private static Path caFile;

    private FakeOpenSearch node;

    /** A self-signed certificate for the node's host name, made by the JDK's keytool, and its PEM for the client. */
    @BeforeAll
    static void certificate() throws Exception {
        nodeStore = dir.resolve("node.p12");
        Keytool.selfSigned(nodeStore, STORE_PASSWORD, "node", NODE_HOST);
        caFile = Keytool.pem(nodeStore);
    }

    @BeforeEach
    void startNode() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(nodeStore)) {
            keys.load(in, STORE_PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, STORE_PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        node = new FakeOpenSearch(tls).handler(r -> FakeOpenSearch.Answer.of(200, "{}"));
    }

    @AfterEach
    void stopNode() {
        node.close();
    }

    /** The headers of each request the node received, names in lower case. */
    private List<Map<String, String>> nodeRequests() {
        return node.requests().stream().map(FakeOpenSearch.Request::headers).toList();
    }

    private InetSocketAddress nodeAddress() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), node.port());
    }

    private static CallLogConfig config(String proxy) {
        CallLogConfig c = new CallLogConfig();
        c.addUrl("https://" + NODE_HOST + ":9200");
        c.setCaFile(caFile.toString());
        c.setProxy(proxy);
        c.setConnectTimeoutMillis(5_000);
        c.setRequestTimeoutMillis(10_000);
        return c;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anHttpsNodeIsReachedThroughTheProxysTunnel() throws Exception {
        try (TunnellingProxy proxy = new TunnellingProxy(nodeAddress(), null)) {
            CallLogConfig c = config(proxy.url());
            assertThat(c.validate()).isEmpty();
            try (OpenSearchHttpTransport t = OpenSearchHttpTransport.create(c)) {
                assertThat(t.send("GET", "/").status()).isEqualTo(200);
                assertThat(t.send("GET", "/").status()).isEqualTo(200);
            }
            // One tunnel, kept alive for both requests; the node saw them as addressed to its own name.
            assertThat(proxy.requests())
                    .extracting(TunnellingProxy.Request::method, TunnellingProxy.Request::target)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("CONNECT", NODE_HOST + ":9200"));
            assertThat(nodeRequests()).hasSize(2).allSatisfy(h -> assertThat(h.get("host"))
                    .isEqualTo(NODE_HOST + ":9200"));
        }
    }

    @Test
    void theProxysCredentialsGoOnTheTunnelAndNeverToTheNode() throws Exception {
        String credentials = basic(PROXY_USER, PROXY_PASSWORD);
        try (TunnellingProxy proxy = new TunnellingProxy(nodeAddress(), credentials)) {
            // The JDK reads its tunnelling option once per JVM: a JVM of its own, started as a user would start it.
            Process child = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-D" + ConnectionChecks.TUNNEL_DISABLED_SCHEMES + "=",
                            "-cp",
                            System.getProperty("java.class.path"),
                            ProxyTunnelProgram.class.getName(),
                            "https://" + NODE_HOST + ":9200",
                            caFile.toString(),
                            proxy.url(),
                            PROXY_USER,
                            PROXY_PASSWORD)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as(out).isZero();
            assertThat(out).contains("answered 200");

            assertThat(proxy.requests()).hasSize(1);
            assertThat(proxy.requests().get(0).method()).isEqualTo("CONNECT");
            assertThat(proxy.requests().get(0).header("Proxy-Authorization")).isEqualTo(credentials);
            assertThat(nodeRequests()).hasSize(1);
            assertThat(nodeRequests().get(0)).doesNotContainKey("proxy-authorization");
        }
    }

    @Test
    void withTheJdksDefaultTheCredentialsCannotReachTheProxyAndStartSaysWhy() throws Exception {
        assumeTrue(
                System.getProperty(ConnectionChecks.TUNNEL_DISABLED_SCHEMES) == null,
                "the JVM's tunnelling option is set");
        String credentials = basic(PROXY_USER, PROXY_PASSWORD);
        try (TunnellingProxy proxy = new TunnellingProxy(nodeAddress(), credentials)) {
            CallLogConfig c = config(proxy.url());
            c.setProxyUsername(PROXY_USER);
            c.setProxyPassword(PROXY_PASSWORD);

            assertThat(c.validate())
                    .containsExactly("<proxyUsername> is set, but this JVM sends no Basic proxy credentials on the"
                            + " tunnel to an https:// <url> (jdk.http.auth.tunneling.disabledSchemes=Basic): start it"
                            + " with -Djdk.http.auth.tunneling.disabledSchemes= to allow them, or use a proxy that"
                            + " asks none for the tunnel");

            // Why: sent anyway, the tunnel request goes without them, and the proxy refuses it.
            try (OpenSearchHttpTransport t = OpenSearchHttpTransport.create(c)) {
                t.send("GET", "/");
            } catch (IOException expected) {
                // the JDK's words for a refused tunnel
            }
            assertThat(proxy.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.header("Proxy-Authorization"))
                    .isNull());
            assertThat(nodeRequests()).isEmpty();
        }
    }

    @Test
    void theStartCheckConcernsOnlyBasicCredentialsOnTunnels() {
        CallLogConfig https = config("http://proxy.example:3128");
        https.setProxyUsername(PROXY_USER);
        assertThat(ConnectionChecks.proxyTunnelProblem(https, "Basic")).startsWith("<proxyUsername> is set");
        assertThat(ConnectionChecks.proxyTunnelProblem(https, " digest , basic "))
                .startsWith("<proxyUsername>");
        assertThat(ConnectionChecks.proxyTunnelProblem(https, "")).isNull();
        assertThat(ConnectionChecks.proxyTunnelProblem(https, "Digest")).isNull();

        CallLogConfig http = new CallLogConfig();
        http.addUrl("http://" + NODE_HOST + ":9200");
        http.setProxy("http://proxy.example:3128");
        http.setProxyUsername(PROXY_USER);
        assertThat(ConnectionChecks.proxyTunnelProblem(http, "Basic")).isNull();

        CallLogConfig direct = config("direct");
        direct.setProxyUsername(PROXY_USER);
        assertThat(ConnectionChecks.proxyTunnelProblem(direct, "Basic")).isNull();

        CallLogConfig anonymous = config("http://proxy.example:3128");
        assertThat(ConnectionChecks.proxyTunnelProblem(anonymous, "Basic")).isNull();
    }
}
