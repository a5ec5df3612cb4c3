package dev.calllog.aws;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.transport.RequestSigner;
import dev.calllog.core.internal.transport.RequestSignerProvider;
import java.time.Clock;
import java.util.Locale;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The {@value RequestSignerProvider#AWS_SIGV4} signing of the settings {@code awsRegion} and {@code awsService}, with
 * the AWS SDK's default credentials provider chain. Found by the core through {@link java.util.ServiceLoader} when this
 * module is on the class path.
 */
public final class AwsSigV4SignerProvider implements RequestSignerProvider {

    @Override
    public String name() {
        return AWS_SIGV4;
    }

    @Override
    public RequestSigner create(CallLogConfig config) {
        return new AwsSigV4Signer(
                config.awsRegion(),
                config.awsService().toLowerCase(Locale.ROOT),
                DefaultCredentialsProvider.builder().build(),
                Clock.systemUTC());
    }
}
