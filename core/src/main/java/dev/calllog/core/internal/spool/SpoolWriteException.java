package dev.calllog.core.internal.spool;

import java.io.IOException;

/** Writing the spool failed; the records appended since the last successful write are lost. */
final class SpoolWriteException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long lostRecords;

    SpoolWriteException(long lostRecords, IOException cause) {
        super(cause.getMessage(), cause);
        this.lostRecords = lostRecords;
    }

    /** Records that had been appended (and counted) but could not be written. */
    public long lostRecords() {
        return lostRecords;
    }
}
