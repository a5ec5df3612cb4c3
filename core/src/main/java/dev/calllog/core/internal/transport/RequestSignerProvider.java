package dev.calllog.core.internal.transport;

import dev.calllog.core.internal.config.CallLogConfig;
import java.util.ServiceLoader;

/**
 * Makes the {@link RequestSigner} of a kind of request signing. Registered as a {@link ServiceLoader} service
 * ({@code META-INF/services/dev.calllog.core.internal.transport.RequestSignerProvider}); the core looks one up by {@link #name()}
 * when the settings ask for it ({@value #AWS_SIGV4} when {@code awsRegion} is set).
 */
public interface RequestSignerProvider {
    /** The name of AWS Signature Version 4 signing, provided by the {@code calllog-aws} module. */
    String AWS_SIGV4 = "aws-sigv4";

    /** The kind of signing, e.g. {@value #AWS_SIGV4}. */
    String name();

    /**
     * A signer for the settings, which {@link CallLogConfig#validate()} has accepted.
     *
     * @throws Exception when it cannot be made; the message names what to fix and carries no secret
     */
    RequestSigner create(CallLogConfig config) throws Exception;

    /**
     * The provider named {@code name}, from the class loader of the core or the thread's context class loader, or null
     * when none is on the class path.
     */
    static RequestSignerProvider find(String name) {
        for (ClassLoader loader : new ClassLoader[] {
            RequestSignerProvider.class.getClassLoader(), Thread.currentThread().getContextClassLoader()
        }) {
            if (loader == null) {
                continue;
            }
            try {
                for (RequestSignerProvider p : ServiceLoader.load(RequestSignerProvider.class, loader)) {
                    if (name.equals(p.name())) {
                        return p;
                    }
                }
            } catch (java.util.ServiceConfigurationError e) {
                // A broken provider on the class path: treated as none; the caller names the setting.
            }
        }
        return null;
    }
}
