package dev.calllog.core.internal.shipping;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;

/**
 * The NDJSON file that documents the cluster rejected for good are appended to, one line each:
 *
 * <pre>{"@timestamp":"2026-01-05T10:00:00.123Z","status":400,"error":{"type":"...","reason":"..."},"document":{...}}</pre>
 *
 * <p>The file is opened for each write and closed again, so that it can be moved away or truncated at any time; its
 * size is checked before each write against the bound. Rejections are rare, so this costs nothing that matters. Used
 * from the shipping thread only.
 */
public final class DeadLetterFile {

    /** What became of one rejected document. */
    public enum Outcome {
        /** Appended to the file. */
        WRITTEN,
        /** No file configured: only counted. */
        COUNTED_ONLY,
        /** The file has reached its size bound. */
        FULL,
        /** The file could not be written; see {@link #lastFailure()}. */
        FAILED
    }

    private final Path file;
    private final long maxBytes;
    private final Supplier<Instant> clock;
    private IOException lastFailure;

    /**
     * @param file the file, or null to only count rejected documents
     * @param maxBytes size past which nothing more is appended
     */
    public DeadLetterFile(String file, long maxBytes) {
        this(file == null ? null : Path.of(file), maxBytes, Instant::now);
    }

    DeadLetterFile(Path file, long maxBytes, Supplier<Instant> clock) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.clock = clock;
    }

    /** The file, or null when none is configured. */
    public Path file() {
        return file;
    }

    /** The last write failure, for messages. */
    public IOException lastFailure() {
        return lastFailure;
    }

    /**
     * Appends one rejected document.
     *
     * @param status the HTTP status of the item (400, 413...)
     * @param type the error type, e.g. {@code mapper_parsing_exception}, or null
     * @param reason the error reason, or null
     * @param doc the document line (JSON, without its newline)
     */
    public Outcome append(int status, String type, String reason, byte[] doc, int off, int len) {
        if (file == null) {
            return Outcome.COUNTED_ONLY;
        }
        StringBuilder head = new StringBuilder(128)
                .append("{\"@timestamp\":\"")
                .append(clock.get().truncatedTo(ChronoUnit.MILLIS))
                .append("\",\"status\":")
                .append(status)
                .append(",\"error\":{\"type\":");
        quote(head, type);
        head.append(",\"reason\":");
        quote(head, reason);
        head.append("},\"document\":");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] tail = {'}', '\n'};
        long lineBytes = (long) headBytes.length + len + tail.length;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (FileChannel ch = dev.calllog.core.internal.spool.PrivateFiles.openForWriting(
                    file, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                if (ch.size() + lineBytes > maxBytes) {
                    return Outcome.FULL;
                }
                ByteBuffer[] line = {ByteBuffer.wrap(headBytes), ByteBuffer.wrap(doc, off, len), ByteBuffer.wrap(tail)};
                long left = lineBytes;
                while (left > 0) {
                    left -= ch.write(line);
                }
            }
            return Outcome.WRITTEN;
        } catch (IOException | RuntimeException e) {
            lastFailure = e instanceof IOException ? (IOException) e : new IOException(e.toString(), e);
            return Outcome.FAILED;
        }
    }

    private static void quote(StringBuilder sb, String s) {
        if (s == null) {
            sb.append("null");
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20 || Character.isSurrogate(c) && !validSurrogateAt(s, i)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    private static boolean validSurrogateAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
