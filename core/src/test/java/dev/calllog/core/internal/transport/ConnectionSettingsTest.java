package dev.calllog.core.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.testsupport.http.FakeOpenSearch;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a node receives for each way of authenticating, for custom headers and through a proxy. */
class ConnectionSettingsTest {
    @TempDir
    Path dir;

    private FakeOpenSearch node;

    @BeforeEach
    void setUp() throws IOException {
        node = new FakeOpenSearch();
        node.handler(r -> new FakeOpenSearch.Answer(200, "{}"));
    }

    @org.junit.jupiter.api.AfterEach
    void tearDown() {
        node.close();
    }

    private CallLogConfig config() {
        CallLogConfig c = new CallLogConfig();
        c.addUrl(node.url());
        c.setConnectTimeoutMillis(2_000);
        c.setRequestTimeoutMillis(5_000);
        return c;
    }

    /** The headers of one request sent with {@code c}, which must be valid. */
    private FakeOpenSearch.Request sendOne(CallLogConfig c) throws Exception {
        assertThat(c.validate()).isEmpty();
        try (OpenSearchHttpTransport t = OpenSearchHttpTransport.create(c)) {
            assertThat(t.send("GET", "/").status()).isEqualTo(200);
        }
        return node.requests().get(node.requests().size() - 1);
    }

    private Path file(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicAuthWithThePasswordInline() throws Exception {
        CallLogConfig c = config();
        c.setUsername("shipper");
        c.setPassword("s3cret:with:colons");

        assertThat(sendOne(c).header("Authorization")).isEqualTo("Basic " + base64("shipper:s3cret:with:colons"));
    }

    @Test
    void basicAuthWithThePasswordFromAFileWithoutItsLineBreak() throws Exception {
        CallLogConfig c = config();
        c.setUsername("shipper");
        c.setPasswordFile(file("password", "from-a-file\n").toString());

        assertThat(sendOne(c).header("Authorization")).isEqualTo("Basic " + base64("shipper:from-a-file"));
    }

    @Test
    void apiKeyGivenAsIdAndKeyIsEncoded() throws Exception {
        CallLogConfig c = config();
        c.setApiKey("VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw");

        assertThat(sendOne(c).header("Authorization"))
                .isEqualTo("ApiKey " + base64("VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw"));
    }

    @Test
    void apiKeyGivenEncodedIsSentAsItIs() throws Exception {
        String encoded = base64("id:key");
        CallLogConfig c = config();
        c.setApiKeyFile(file("api-key", encoded + "\r\n").toString());

        assertThat(sendOne(c).header("Authorization")).isEqualTo("ApiKey " + encoded);
    }

    @Test
    void bearerTokenInlineAndFromAFile() throws Exception {
        CallLogConfig inline = config();
        inline.setBearerToken("eyJhbGciOiJIUzI1NiJ9.e30.sig");
        assertThat(sendOne(inline).header("Authorization")).isEqualTo("Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig");

        CallLogConfig fromFile = config();
        fromFile.setBearerTokenFile(file("token", "tok-from-file\n").toString());
        assertThat(sendOne(fromFile).header("Authorization")).isEqualTo("Bearer tok-from-file");
    }

    @Test
    void customHeadersAreSentWithEveryRequest() throws Exception {
        CallLogConfig c = config();
        c.addHeader("X-Tenant: blue");
        c.addHeader("X-Routing-Key:  eu-1 ");
        c.setApiKey("id:key");

        FakeOpenSearch.Request r = sendOne(c);

        assertThat(r.header("X-Tenant")).isEqualTo("blue");
        assertThat(r.header("X-Routing-Key")).isEqualTo("eu-1");
        assertThat(r.header("Authorization")).startsWith("ApiKey ");
    }

    @Test
    void badHeadersAndConflictingCredentialsAreRefusedNamingTheSetting() throws Exception {
        CallLogConfig c = config();
        c.addHeader("no colon here");
        c.addHeader("Host: elsewhere");
        c.addHeader("X-Bad: a\nb");
        c.setUsername("u");
        c.setApiKey("id:key");
        c.setPasswordFile(dir.resolve("missing").toString());

        assertThat(c.validate())
                .containsExactlyInAnyOrder(
                        "more than one of <username>, <apiKey>, <bearerToken> and <awsRegion> is set: each sends its"
                                + " own Authorization header, give one",
                        "<passwordFile> '" + dir.resolve("missing") + "' cannot be read",
                        "<header> is not written 'Name: value'",
                        "<header> 'Host' cannot be set as a header: the appender sets it itself",
                        "<header> the value of 'X-Bad' contains a line break");
    }

    @Test
    void anEmptySecretFileIsRefusedWhenTheConnectionIsMade() throws Exception {
        CallLogConfig c = config();
        c.setBearerTokenFile(file("empty", "\n").toString());

        assertThatThrownBy(() -> OpenSearchHttpTransport.create(c))
                .isInstanceOf(IOException.class)
                .hasMessage(
                        "<bearerTokenFile> '" + dir.resolve("empty") + "' is empty: it should hold the bearerToken");
    }

    @Test
    void anExplicitProxyCarriesTheRequestAndItsCredentials() throws Exception {
        CallLogConfig c = new CallLogConfig();
        // Not resolvable: only the proxy can carry the request.
        c.addUrl("http://calllog-node.invalid:9200");
        c.setProxy(node.url());
        c.setProxyUsername("proxy-user");
        c.setProxyPassword("proxy-pass");

        FakeOpenSearch.Request r = sendOne(c);

        assertThat(r.header("Host")).isEqualTo("calllog-node.invalid:9200");
        assertThat(r.header("Proxy-Authorization")).isEqualTo("Basic " + base64("proxy-user:proxy-pass"));
    }

    @Test
    void theJvmsProxySelectorIsUsedUnlessTheProxyIsDirect() throws Exception {
        ProxySelector before = ProxySelector.getDefault();
        ProxySelector.setDefault(ProxySelector.of(new InetSocketAddress("127.0.0.1", node.port())));
        try {
            CallLogConfig viaJvm = new CallLogConfig();
            viaJvm.addUrl("http://calllog-node.invalid:9200");
            assertThat(sendOne(viaJvm).header("Host")).isEqualTo("calllog-node.invalid:9200");

            CallLogConfig direct = config();
            direct.setProxy("direct");
            assertThat(sendOne(direct).header("Host")).isEqualTo("127.0.0.1:" + node.port());
        } finally {
            ProxySelector.setDefault(before);
        }
    }

    @Test
    void aProxyWithCredentialsInItsUrlIsRefusedWithoutThem() {
        CallLogConfig c = config();
        c.setProxy("http://user:hunter2@proxy.example:3128");

        assertThat(c.validate())
                .containsExactly("<proxy> 'http://proxy.example:3128' carries credentials: use <proxyUsername> and"
                        + " <proxyPassword> instead");
    }
}
