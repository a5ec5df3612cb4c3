package dev.calllog.faults;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * One thread logging {@code agent_message_sent} events numbered 0, 1, 2... ({@code data.n}) at a steady rate, under one
 * call id, and measuring how long each logging call takes.
 */
final class SteadyLoad implements AutoCloseable {
    private static final Marker EVENT = MarkerFactory.getMarker("agent_message_sent");

    private final Logger log;
    private final String callId;
    private final int perSecond;
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private volatile long maxCallNanos;
    private volatile boolean stop;

    SteadyLoad(Logger log, String callId, int perSecond) {
        this.log = log;
        this.callId = callId;
        this.perSecond = perSecond;
        this.thread = new Thread(this::run, "steady-load-" + callId);
        this.thread.setDaemon(true);
    }

    SteadyLoad start() {
        thread.start();
        return this;
    }

    private void run() {
        MDC.put("call_id", callId);
        long start = System.nanoTime();
        long n = 0;
        while (!stop) {
            long due = (System.nanoTime() - start) * perSecond / 1_000_000_000L;
            while (n < due && !stop) {
                long t0 = System.nanoTime();
                log.atInfo().addMarker(EVENT).addKeyValue("n", n).log("message {}", n);
                long dt = System.nanoTime() - t0;
                if (dt > maxCallNanos) {
                    maxCallNanos = dt;
                }
                n++;
                sent.set(n);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
        }
        MDC.remove("call_id");
    }

    /** Events logged so far. */
    long sent() {
        return sent.get();
    }

    long maxCallMillis() {
        return TimeUnit.NANOSECONDS.toMillis(maxCallNanos);
    }

    /** Stops logging and waits for the thread; returns the number of events logged. */
    long stop() throws InterruptedException {
        stop = true;
        thread.join(10_000);
        return sent.get();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
