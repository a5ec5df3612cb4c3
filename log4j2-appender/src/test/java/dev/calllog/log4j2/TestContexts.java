package dev.calllog.log4j2;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.async.AsyncLoggerContext;

/** Logger contexts of their own, configured from a test resource, so tests never share appenders. */
final class TestContexts {
    private static final AtomicInteger COUNT = new AtomicInteger();

    private TestContexts() {}

    static LoggerContext start(String resource) {
        LoggerContext ctx = new LoggerContext("calllog-test-" + COUNT.incrementAndGet(), null, uri(resource));
        ctx.start();
        return ctx;
    }

    /** A context whose loggers are all asynchronous, as with {@code AsyncLoggerContextSelector}. */
    static LoggerContext startAsync(String resource) {
        LoggerContext ctx =
                new AsyncLoggerContext("calllog-async-test-" + COUNT.incrementAndGet(), null, uri(resource));
        ctx.start();
        return ctx;
    }

    static URI uri(String resource) {
        try {
            return TestContexts.class.getClassLoader().getResource(resource).toURI();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(resource, e);
        }
    }

    static CallLogAppender appender(LoggerContext ctx) {
        return ctx.getConfiguration().getAppender("CALLLOG");
    }
}
