package dev.calllog.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test class against the JVM's shared OpenSearch node; declare an {@link OpenSearchNode} or
 * {@link OpenSearchHttp} parameter to get it. See {@link OpenSearchExtension}.
 *
 * <p>With {@code plugins = true}, the class runs on the plugin tier instead: a node of
 * {@link OpenSearchVersions#pluginsVersion()} with the Security plugin (HTTPS, demo certificates, user {@code admin} with
 * {@link OpenSearchExtension#PLUGIN_TIER_ADMIN_PASSWORD}), Job Scheduler and Painless, all from Maven Central. Those
 * classes run only when the system property {@value OpenSearchExtension#PLUGIN_TIER_PROPERTY} is {@code true}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(OpenSearchExtension.class)
public @interface WithOpenSearch {
    /** Run on the plugin tier (opt-in, see above) instead of the plain node. */
    boolean plugins() default false;
}
