package dev.calllog.aws;

import dev.calllog.core.internal.transport.RequestSigner;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

/**
 * Signs each request with the AWS SDK's own SigV4 signer ({@link AwsV4HttpSigner}), with credentials from an SDK
 * {@link IdentityProvider} (the default chain: environment, system properties, profile, web identity, container and
 * instance roles), which caches and refreshes them itself. The body's SHA-256 goes in {@code X-Amz-Content-SHA256},
 * which OpenSearch Serverless requires and OpenSearch Service accepts.
 */
final class AwsSigV4Signer implements RequestSigner {
    /** Headers the signer sets, returned to the transport. */
    private static final Set<String> SIGNING_HEADERS =
            Set.of("authorization", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token");

    private final HttpSigner<AwsCredentialsIdentity> signer = AwsV4HttpSigner.create();
    private final String region;
    private final String service;
    private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;
    private final Clock clock;

    AwsSigV4Signer(
            String region,
            String service,
            IdentityProvider<? extends AwsCredentialsIdentity> credentials,
            Clock clock) {
        this.region = region;
        this.service = service;
        this.credentials = credentials;
        this.clock = clock;
    }

    @Override
    public Map<String, String> sign(Request request) throws IOException {
        AwsCredentialsIdentity identity;
        try {
            identity = credentials.resolveIdentity().join();
        } catch (RuntimeException e) {
            // The SDK's messages name the providers tried, never a secret.
            throw new IOException("no AWS credentials: " + rootMessage(e));
        }
        byte[] body = new byte[request.length()];
        System.arraycopy(request.body(), request.offset(), body, 0, request.length());
        SdkHttpRequest.Builder http = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(request.method()))
                .uri(request.uri());
        request.headers().forEach(http::putHeader);
        http.putHeader("X-Amz-Content-SHA256", sha256(body));
        SignedRequest signed;
        try {
            signed = signer.sign(r -> r.request(http.build())
                    .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                    .identity(identity)
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        } catch (RuntimeException e) {
            throw new IOException("the request could not be signed: " + rootMessage(e));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
            if (SIGNING_HEADERS.contains(h.getKey().toLowerCase(Locale.ROOT))
                    && !h.getValue().isEmpty()) {
                out.put(h.getKey(), h.getValue().get(0));
            }
        }
        return out;
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "AwsSigV4Signer[" + service + " " + region + "]";
    }
}
