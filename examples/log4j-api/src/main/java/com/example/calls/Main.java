package com.example.calls;

import org.apache.logging.log4j.LogManager;

/** Simulates four calls through the Log4j API, then shuts Log4j down, which delivers what the appender still holds. */
public final class Main {
    private Main() {}

    /** The only argument is the prefix of the call ids (default {@code call}). */
    public static void main(String[] args) {
        String prefix = args.length > 0 ? args[0] : "call";
        Calls.simulate(prefix);
        LogManager.shutdown();
    }
}
