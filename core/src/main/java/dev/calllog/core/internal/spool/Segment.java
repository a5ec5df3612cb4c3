package dev.calllog.core.internal.spool;

import dev.calllog.core.internal.status.StatusSink;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** One segment file of the spool: its name and number, its size, and where its valid records end. */
final class Segment {
    static final String PREFIX = "segment-";
    static final String SUFFIX = ".spool";

    final long id;
    final Path file;
    /** Bytes in the file (for the segment being written: bytes appended, written or still gathered). */
    long size;
    /** Where the valid records end, when damage was found; else -1. */
    long validEnd = -1;
    /** Whether its first bytes were checked against the magic. */
    boolean checked;
    /** Whether its damage was reported (once per segment). */
    boolean reported;

    Segment(long id, Path file, long size) {
        this.id = id;
        this.file = file;
        this.size = size;
    }

    /** Where reading must stop: the size, or where damage was found. */
    long end() {
        return validEnd >= 0 ? Math.min(validEnd, size) : size;
    }

    /** The file of segment number {@code id} in {@code dir}. */
    static Path fileOf(Path dir, long id) {
        return dir.resolve(String.format("%s%020d%s", PREFIX, id, SUFFIX));
    }

    /** The number in a segment's file name, or -1 when the name is not one of a segment. */
    static long idOf(String fileName) {
        if (!fileName.startsWith(PREFIX) || !fileName.endsWith(SUFFIX)) {
            return -1;
        }
        String digits = fileName.substring(PREFIX.length(), fileName.length() - SUFFIX.length());
        if (digits.length() != 20 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The segments in {@code dir}, oldest first; symbolic links named like one are reported and left out. */
    static List<Segment> findIn(Path dir, StatusSink status) throws IOException {
        List<Segment> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path f : files) {
                long id = idOf(f.getFileName().toString());
                if (id >= 0 && Files.isSymbolicLink(f)) {
                    status.warn("The call-log spool " + dir + " holds a symbolic link " + f.getFileName()
                            + ": not a segment the appender wrote; it is ignored");
                } else if (id >= 0) {
                    found.add(new Segment(id, f, Files.size(f)));
                }
            }
        }
        found.sort(Comparator.comparingLong(s -> s.id));
        return found;
    }
}
