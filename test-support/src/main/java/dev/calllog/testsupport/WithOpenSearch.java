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
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(OpenSearchExtension.class)
public @interface WithOpenSearch {}
