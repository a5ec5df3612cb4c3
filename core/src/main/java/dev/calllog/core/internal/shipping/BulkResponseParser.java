package dev.calllog.core.internal.shipping;

import dev.calllog.core.internal.json.JsonReader;
import dev.calllog.core.internal.json.JsonReader.MalformedJsonException;
import dev.calllog.core.internal.json.JsonReader.Token;
import java.util.Arrays;

/**
 * Reads a {@code _bulk} response: the status of every item, in request order, and for failed items the error's type and
 * reason. When the response says {@code "errors":false} before its items (as OpenSearch writes it), the items are only
 * counted. Reuses its arrays from one response to the next; used from the shipping thread only.
 */
final class BulkResponseParser {
    private int count;
    private boolean allSucceeded;
    private int[] status = new int[64];
    private String[] errorType = new String[64];
    private String[] errorReason = new String[64];

    /**
     * Parses {@code body}.
     *
     * @throws MalformedJsonException when the body is not a complete bulk response
     */
    void parse(byte[] body) {
        count = 0;
        allSucceeded = false;
        Boolean errors = null;
        boolean sawItems = false;
        JsonReader r = new JsonReader(body);
        r.beginObject();
        while (r.hasNext()) {
            String name = r.nextName();
            if (name.equals("errors") && r.peek() == Token.BOOLEAN) {
                errors = r.nextBoolean();
            } else if (name.equals("items")) {
                sawItems = true;
                r.beginArray();
                boolean fast = Boolean.FALSE.equals(errors);
                while (r.hasNext()) {
                    ensure(count + 1);
                    if (fast) {
                        r.skipValue();
                    } else {
                        readItem(r, count);
                    }
                    count++;
                }
                r.endArray();
            } else {
                r.skipValue();
            }
        }
        r.endObject();
        if (r.peek() != Token.END_DOCUMENT) {
            throw new MalformedJsonException("content after the response object at offset " + r.position());
        }
        if (!sawItems) {
            throw new MalformedJsonException("no \"items\" in the bulk response");
        }
        allSucceeded = Boolean.FALSE.equals(errors);
        if (allSucceeded) {
            Arrays.fill(status, 0, count, 201);
        }
    }

    private void readItem(JsonReader r, int i) {
        status[i] = -1;
        errorType[i] = null;
        errorReason[i] = null;
        r.beginObject();
        while (r.hasNext()) {
            r.nextName(); // the operation: create, index...
            r.beginObject();
            while (r.hasNext()) {
                String name = r.nextName();
                if (name.equals("status")) {
                    status[i] = r.nextInt();
                } else if (name.equals("error") && r.peek() == Token.BEGIN_OBJECT) {
                    r.beginObject();
                    while (r.hasNext()) {
                        String key = r.nextName();
                        if (key.equals("type") && r.peek() == Token.STRING) {
                            errorType[i] = r.nextString();
                        } else if (key.equals("reason") && r.peek() == Token.STRING) {
                            errorReason[i] = r.nextString();
                        } else {
                            r.skipValue();
                        }
                    }
                    r.endObject();
                } else if (name.equals("error") && r.peek() == Token.STRING) {
                    errorReason[i] = r.nextString();
                } else {
                    r.skipValue();
                }
            }
            r.endObject();
        }
        r.endObject();
        if (status[i] < 100) {
            throw new MalformedJsonException("bulk item " + i + " has no status");
        }
    }

    private void ensure(int n) {
        if (n > status.length) {
            int size = Math.max(n, status.length * 2);
            status = Arrays.copyOf(status, size);
            errorType = Arrays.copyOf(errorType, size);
            errorReason = Arrays.copyOf(errorReason, size);
        }
    }

    /** Number of items in the response. */
    int count() {
        return count;
    }

    /** Whether the response said {@code "errors":false}: every item succeeded. */
    boolean allSucceeded() {
        return allSucceeded;
    }

    int status(int i) {
        return status[i];
    }

    String errorType(int i) {
        return errorType[i];
    }

    String errorReason(int i) {
        return errorReason[i];
    }
}
