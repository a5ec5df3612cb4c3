package dev.calllog.testsupport.conformance;

import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.MarkerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The SLF4J 2 program of the conformance suite: logs a call as an application written against the README does (ids
 * in the MDC, one {@code addMarker} per marker, {@code addKeyValue}, {@code setCause}), whatever backend SLF4J is bound
 * to. The same code runs on Logback and on {@code log4j-slf4j2-impl}.
 */
public final class Slf4jProgram {
    private Slf4jProgram() {}

    /** Sets the call's MDC, logs it through the fluent API, and clears the MDC again. */
    public static void log(Logger log, LogCall call) {
        call.context().forEach(MDC::put);
        try {
            LoggingEventBuilder b = log.atLevel(Level.valueOf(call.level().name()));
            call.markers().forEach(m -> b.addMarker(MarkerFactory.getMarker(m)));
            call.keyValues().forEach(b::addKeyValue);
            if (call.throwable() != null) {
                b.setCause(call.throwable());
            }
            b.log(call.message());
        } finally {
            MDC.clear();
        }
    }
}
