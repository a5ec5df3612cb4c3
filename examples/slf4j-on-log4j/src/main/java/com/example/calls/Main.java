package com.example.calls;

import org.apache.logging.log4j.LogManager;

/**
 * Simulates the SLF4J program's three calls on Log4j ({@code log4j-slf4j2-impl}), then shuts Log4j down, which
 * delivers what the appender still holds.
 */
public final class Main {
    private Main() {}

    /** The only argument is the prefix of the call ids (default {@code call}). */
    public static void main(String[] args) {
        String prefix = args.length > 0 ? args[0] : "call";
        Calls.simulate(prefix);
        LogManager.shutdown();
    }
}
