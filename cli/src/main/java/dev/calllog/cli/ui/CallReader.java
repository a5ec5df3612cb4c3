package dev.calllog.cli.ui;

import dev.calllog.cli.CallLogSearch;
import dev.calllog.cli.CallLogSearch.CallSummary;
import dev.calllog.cli.CallQuery;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/** What the web view reads: the same searches as the terminal view. */
interface CallReader {

    /** The calls a query selects, latest activity first. */
    List<CallSummary> calls(CallQuery query) throws IOException;

    /** The agents that have events, by name. */
    List<String> agents() throws IOException;

    /** The first {@code max} events of a call, in order. */
    List<JsonObject> timeline(String callId, int max) throws IOException;

    /**
     * Reads through {@link CallLogSearch}, one search at a time (its transport is meant for one thread at a time, and
     * one person's browser needs no more).
     */
    static CallReader of(CallLogSearch search) {
        ReentrantLock lock = new ReentrantLock();
        return new CallReader() {
            @Override
            public List<CallSummary> calls(CallQuery query) throws IOException {
                lock.lock();
                try {
                    return search.calls(query);
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public List<String> agents() throws IOException {
                lock.lock();
                try {
                    return search.agents(null, UiServer.MAX_AGENTS);
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public List<JsonObject> timeline(String callId, int max) throws IOException {
                lock.lock();
                try {
                    return search.timeline(callId, max);
                } finally {
                    lock.unlock();
                }
            }
        };
    }
}
