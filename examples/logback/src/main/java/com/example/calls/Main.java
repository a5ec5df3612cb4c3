package com.example.calls;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Simulates four calls, then stops Logback, which delivers what the appender still holds. */
public final class Main {
    private Main() {}

    /** The only argument is the prefix of the call ids (default {@code call}). */
    public static void main(String[] args) {
        String prefix = args.length > 0 ? args[0] : "call";
        Calls.simulate(prefix);
        StructuredArgumentsCall.simulate(prefix);
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }
}
