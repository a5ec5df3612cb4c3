package dev.calllog.core.internal.spool;

import dev.calllog.core.internal.json.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * What a spooled record may be trusted for. A record holds one bulk item as it was shipped (action line, document line),
 * but the spool directory is only a directory: anything that can write into it could plant another action
 * ({@code delete}, {@code index}) or another {@code _index}, to be run with the appender's credentials. So on replay
 * only the document is taken from disk, and the action line is written anew: {@code {"create":{"_id":"<event_id>"}}},
 * the {@code _id} the document's own {@code event_id}, into the data stream of the request's path, the one configured.
 */
public final class SpoolRecords {
    private static final byte[] EVENT_ID = "\"event_id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACTION_START = "{\"create\":{\"_id\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACTION_END = "\"}}\n".getBytes(StandardCharsets.US_ASCII);
    /** Longest {@code event_id} accepted: the appender's own are about 20 characters. */
    static final int MAX_ID_CHARS = 128;

    private SpoolRecords() {}

    /**
     * Replaces the action line of the record at {@code buf[start, buf.length())} by a {@code create} of its document's
     * {@code event_id}.
     *
     * @return false, and {@code buf} unchanged, when the record is not one action line and one document line ending in
     *     a newline, or its document has no {@code event_id} of letters, digits, {@code -}, {@code _}, {@code .} and
     *     {@code :}: it is then not shipped
     */
    public static boolean rebuildAction(ByteBuf buf, int start) {
        byte[] a = buf.array();
        int end = buf.length();
        int firstNewline = -1;
        for (int i = start; i < end; i++) {
            if (a[i] == '\n') {
                firstNewline = i;
                break;
            }
        }
        int docStart = firstNewline + 1;
        if (firstNewline < 0 || docStart >= end - 1 || a[end - 1] != '\n' || a[docStart] != '{') {
            return false;
        }
        for (int i = docStart; i < end - 1; i++) {
            if (a[i] == '\n' || a[i] == '\r') {
                return false; // a second line would be a second bulk action
            }
        }
        int idStart = indexOf(a, docStart, end, EVENT_ID);
        if (idStart < 0) {
            return false;
        }
        idStart += EVENT_ID.length;
        int idEnd = idStart;
        while (idEnd < end && idEnd - idStart <= MAX_ID_CHARS && isIdChar(a[idEnd])) {
            idEnd++;
        }
        if (idEnd == idStart || idEnd - idStart > MAX_ID_CHARS || idEnd >= end || a[idEnd] != '"') {
            return false;
        }
        byte[] id = buf.copy(idStart, idEnd);
        byte[] doc = buf.copy(docStart, end);
        buf.truncate(start);
        buf.write(ACTION_START).write(id).write(ACTION_END).write(doc);
        return true;
    }

    private static boolean isIdChar(byte b) {
        return b >= 'a' && b <= 'z'
                || b >= 'A' && b <= 'Z'
                || b >= '0' && b <= '9'
                || b == '-'
                || b == '_'
                || b == '.'
                || b == ':';
    }

    private static int indexOf(byte[] a, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (a[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
