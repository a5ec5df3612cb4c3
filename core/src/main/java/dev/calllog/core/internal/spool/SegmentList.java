package dev.calllog.core.internal.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The segments of a spool, oldest first, and the sum of their sizes, which is what the spool's bound limits. Used by
 * the shipping worker only, except {@link #totalBytes()}, which may be read from anywhere.
 */
final class SegmentList {
    private final Path dir;
    private final List<Segment> segments = new ArrayList<>();
    private volatile long totalBytes;
    private long nextId;

    /** The segments found in {@code dir} (see {@link Segment#findIn}); new ones are numbered after them. */
    SegmentList(Path dir, List<Segment> found) {
        this.dir = dir;
        long total = 0;
        for (Segment s : found) {
            total += s.size;
            nextId = Math.max(nextId, s.id + 1);
        }
        segments.addAll(found);
        totalBytes = total;
    }

    Path directory() {
        return dir;
    }

    long totalBytes() {
        return totalBytes;
    }

    int size() {
        return segments.size();
    }

    boolean isEmpty() {
        return segments.isEmpty();
    }

    Segment get(int index) {
        return segments.get(index);
    }

    Segment last() {
        return segments.get(segments.size() - 1);
    }

    /** Segment {@code s} grew (or, negative, shrank) by {@code bytes}. */
    void resize(Segment s, long bytes) {
        s.size += bytes;
        totalBytes += bytes;
    }

    /**
     * Creates the next segment with its magic and adds it as the newest.
     *
     * @return the channel to write it through; the caller closes it
     */
    FileChannel create() throws IOException {
        Path file = Segment.fileOf(dir, nextId);
        FileChannel ch = PrivateFiles.openForWriting(file, StandardOpenOption.CREATE_NEW);
        Segment s = new Segment(nextId, file, 0);
        nextId++;
        try {
            SegmentFormat.writeMagic(ch);
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(file);
            throw e;
        }
        segments.add(s);
        resize(s, SegmentFormat.MAGIC.length);
        return ch;
    }

    /** Removes segment {@code s} and deletes its file. */
    void delete(Segment s) throws IOException {
        segments.remove(s);
        totalBytes -= s.size;
        try {
            Files.deleteIfExists(s.file);
        } catch (NoSuchFileException ignored) {
            // Gone already.
        }
    }
}
