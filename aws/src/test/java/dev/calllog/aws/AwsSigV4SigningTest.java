package dev.calllog.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.transport.OpenSearchHttpTransport;
import dev.calllog.testsupport.http.FakeOpenSearch;
import dev.calllog.testsupport.http.FakeOpenSearch.Answer;
import dev.calllog.testsupport.http.FakeOpenSearch.Request;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

/**
 * Requests signed through the transport carry the very signature the AWS SDK's signer computes, with the same fixed
 * credentials and the request's own time, for what the server received: method, path, signed headers and body.
 */
class AwsSigV4SigningTest {
    private static final String KEY_ID = "AKIDEXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String TOKEN = "session-token-example";

    private FakeOpenSearch server;

    @BeforeEach
    void setUp() throws Exception {
        System.setProperty("aws.accessKeyId", KEY_ID);
        System.setProperty("aws.secretAccessKey", SECRET);
        System.setProperty("aws.sessionToken", TOKEN);
        server = new FakeOpenSearch().handler(r -> Answer.of(200, "{\"took\":1,\"errors\":false,\"items\":[]}"));
    }

    @AfterEach
    void tearDown() {
        server.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        System.clearProperty("aws.sessionToken");
    }

    private static byte[] gzip(String s) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** What the SDK's signer computes for {@code r}, at the time it was signed, with the fixed credentials. */
    private String expectedAuthorization(Request r, String region, String service) {
        String authorization = r.headers().get("authorization");
        String signedHeaders = authorization.replaceAll(".*SignedHeaders=([^,]+),.*", "$1");
        Instant at = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .parse(r.headers().get("x-amz-date"), Instant::from);
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(r.method()))
                .uri(URI.create("http://" + r.headers().get("host") + r.path()));
        for (String name : signedHeaders.split(";")) {
            if (!name.equals("host") && !name.equals("x-amz-date") && !name.equals("x-amz-security-token")) {
                request.putHeader(name, r.headers().get(name));
            }
        }
        return AwsV4HttpSigner.create()
                .sign(s -> s.request(request.build())
                        .payload(ContentStreamProvider.fromByteArray(r.rawBody()))
                        .identity(AwsSessionCredentials.create(KEY_ID, SECRET, TOKEN))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
                .request()
                .firstMatchingHeader("Authorization")
                .orElseThrow();
    }

    private Request sendOne(String service) throws Exception {
        CallLogConfig c = new CallLogConfig();
        c.addUrl(server.url());
        c.setAwsRegion("eu-west-1");
        c.setAwsService(service);
        c.addHeader("X-Tenant: blue");
        assertThat(c.validate()).isEmpty();
        byte[] body = gzip("{\"create\":{\"_id\":\"e-1\"}}\n{\"event_id\":\"e-1\"}\n");
        try (OpenSearchHttpTransport t = OpenSearchHttpTransport.create(c)) {
            assertThat(t.toString()).endsWith("signed").doesNotContain(SECRET);
            int status = t.send(
                            "POST",
                            "/calllog-events/_bulk",
                            body,
                            0,
                            body.length,
                            Map.of("Content-Type", "application/x-ndjson", "Content-Encoding", "gzip"))
                    .status();
            assertThat(status).isEqualTo(200);
        }
        assertThat(server.requests()).hasSize(1);
        Request r = server.requests().get(0);
        assertThat(r.rawBody()).isEqualTo(body);
        return r;
    }

    @Test
    void openSearchServiceRequestsCarryTheSdksSignature() throws Exception {
        Request r = sendOne("es");

        assertThat(r.headers().get("authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/")
                .contains("/eu-west-1/es/aws4_request")
                .contains("x-tenant")
                .isEqualTo(expectedAuthorization(r, "eu-west-1", "es"));
        assertThat(r.headers().get("x-amz-security-token")).isEqualTo(TOKEN);
        assertThat(r.headers().get("x-amz-content-sha256")).isEqualTo(AwsSigV4Signer.sha256(r.rawBody()));
    }

    @Test
    void serverlessRequestsAreSignedForAoss() throws Exception {
        Request r = sendOne("aoss");

        assertThat(r.headers().get("authorization"))
                .contains("/eu-west-1/aoss/aws4_request")
                .isEqualTo(expectedAuthorization(r, "eu-west-1", "aoss"));
    }

    @Test
    void aFixedClockAndCredentialsGiveTheSdksSignatureForAKnownRequest() throws Exception {
        Instant at = Instant.parse("2026-12-04T05:00:00Z");
        AwsSigV4Signer signer = new AwsSigV4Signer(
                "eu-west-1",
                "es",
                software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(KEY_ID, SECRET)),
                Clock.fixed(at, ZoneOffset.UTC));
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = signer.sign(new dev.calllog.core.internal.transport.RequestSigner.Request(
                "PUT",
                URI.create("https://search.example.com/_index_template/calllog"),
                Map.of("Content-Type", "application/json"),
                body,
                0,
                body.length));

        String expected = AwsV4HttpSigner.create()
                .sign(s -> s.request(SdkHttpRequest.builder()
                                .method(SdkHttpMethod.PUT)
                                .uri(URI.create("https://search.example.com/_index_template/calllog"))
                                .putHeader("Content-Type", "application/json")
                                .putHeader("X-Amz-Content-SHA256", AwsSigV4Signer.sha256(body))
                                .build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .identity(software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(KEY_ID, SECRET))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "es")
                        .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
                .request()
                .firstMatchingHeader("Authorization")
                .orElseThrow();
        assertThat(headers.get("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=" + KEY_ID + "/20261204/eu-west-1/es/aws4_request")
                .isEqualTo(expected);
        assertThat(headers.get("X-Amz-Date")).isEqualTo("20261204T050000Z");
        assertThat(headers.values()).noneMatch(v -> v.contains(SECRET));
    }
}
