package dev.calllog.core.internal.shipping;

/**
 * How many items one bulk request carries. All the items given, until a request gets no answer within the request
 * timeout: a node too slow (or too loaded) to index a whole batch in time would otherwise be sent the same batch
 * again and again and never answer one. After a timeout the next requests carry half as many items as the one that
 * timed out, down to one; after {@value #ANSWERED_BEFORE_GROWING} requests of that size are answered, each answered
 * request doubles the size again, back to all the items.
 *
 * <p>Used by the export thread only.
 */
final class RequestSize {
    /** Requests answered at the size a timeout left before the size grows again. */
    static final int ANSWERED_BEFORE_GROWING = 16;

    private static final int ALL = Integer.MAX_VALUE;

    private int items = ALL;
    /** Whether the size is the one a timeout left, held until enough requests of it are answered. */
    private boolean held;

    private int answered;

    /** The most items the next request may carry. */
    int items() {
        return items;
    }

    /**
     * A request of {@code sent} items got no answer in time.
     *
     * @return the size of the next requests
     */
    int timedOut(int sent) {
        items = Math.max(1, Math.min(items, sent) / 2);
        held = true;
        answered = 0;
        return items;
    }

    /** A request of {@code sent} items was answered. */
    void answered(int sent) {
        if (items == ALL || sent < items) {
            return; // only a request of the full size tells that the size can grow
        }
        if (held && ++answered < ANSWERED_BEFORE_GROWING) {
            return;
        }
        held = false;
        items = items >= ALL / 2 ? ALL : items * 2;
    }
}
