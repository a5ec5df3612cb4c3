package dev.calllog.core.internal.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.calllog.core.internal.json.ByteBuf;
import dev.calllog.core.internal.status.StatusSink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
    private static final long MAX = 1024 * 1024;

    @TempDir
    Path tmp;

    private final List<String> warnings = new ArrayList<>();
    private final StatusSink status = new StatusSink() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message, Throwable cause) {
            warnings.add(message);
        }

        @Override
        public void error(String message, Throwable cause) {
            warnings.add("ERROR " + message);
        }
    };
    private final List<Spool> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws IOException {
        for (Spool s : open) {
            s.close();
        }
    }

    private Spool open(Path dir, long max, long segment) throws IOException {
        Spool s = Spool.open(dir, max, segment, status);
        open.add(s);
        return s;
    }

    private Spool open(Path dir) throws IOException {
        return open(dir, MAX, 4096);
    }

    private static byte[] record(int i) {
        return ("{\"create\":{\"_id\":\"id-" + i + "\"}}\n{\"n\":" + i + "}\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void append(Spool s, int from, int to) throws IOException {
        for (int i = from; i < to; i++) {
            byte[] r = record(i);
            assertThat(s.append(r, 0, r.length)).isTrue();
        }
    }

    /** Reads everything left, committing, as the shipper does when delivery works. */
    private static List<String> drain(Spool s) throws IOException {
        List<String> out = new ArrayList<>();
        ByteBuf buf = new ByteBuf(64);
        while (true) {
            buf.reset();
            List<int[]> bounds = new ArrayList<>();
            int n = s.read(buf, 7, Long.MAX_VALUE, (off, len) -> bounds.add(new int[] {off, len}));
            for (int[] b : bounds) {
                out.add(new String(buf.array(), b[0], b[1], StandardCharsets.UTF_8));
            }
            s.commit();
            if (n == 0 && s.isEmpty()) {
                return out;
            }
        }
    }

    private static List<String> expected(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(new String(record(i), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(Segment.SUFFIX))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void readsBackWhatWasAppendedInOrderAcrossSegmentsAndDeletesThemOnceRead() throws Exception {
        Spool s = open(tmp.resolve("spool"));
        append(s, 0, 300);
        s.flush();
        assertThat(segments(s.directory()).size()).isGreaterThan(3);
        assertThat(s.sizeBytes()).isEqualTo(sum(segments(s.directory())));

        assertThat(drain(s)).isEqualTo(expected(0, 300));

        assertThat(segments(s.directory())).isEmpty();
        assertThat(s.sizeBytes()).isZero();
        assertThat(s.isEmpty()).isTrue();
        assertThat(warnings).isEmpty();
    }

    @Test
    void aRestartReadsWhatThePreviousProcessLeftThenWhatItAppends() throws Exception {
        Path dir = tmp.resolve("spool");
        Spool first = Spool.open(dir, MAX, 4096, status);
        append(first, 0, 100);
        first.sync();
        first.close();

        Spool second = open(dir);
        append(second, 100, 150);
        assertThat(drain(second)).isEqualTo(expected(0, 150));
        assertThat(segments(dir)).isEmpty();
    }

    @Test
    void rewindReadsTheSameRecordsAgainAndCommitKeepsProgress() throws Exception {
        Spool s = open(tmp.resolve("spool"));
        append(s, 0, 20);
        ByteBuf buf = new ByteBuf(64);
        assertThat(s.read(buf, 5, Long.MAX_VALUE, (o, l) -> {})).isEqualTo(5);
        s.rewind();
        buf.reset();
        List<String> again = new ArrayList<>();
        s.read(buf, 5, Long.MAX_VALUE, (o, l) -> again.add(new String(buf.array(), o, l, StandardCharsets.UTF_8)));
        assertThat(again).isEqualTo(expected(0, 5));
        s.commit();
        s.rewind();
        assertThat(drain(s)).isEqualTo(expected(5, 20));
    }

    @Test
    void readStopsAtTheByteBoundButAlwaysReturnsOneRecord() throws Exception {
        Spool s = open(tmp.resolve("spool"));
        append(s, 0, 10);
        ByteBuf buf = new ByteBuf(64);
        assertThat(s.read(buf, 100, 1, (o, l) -> {})).isEqualTo(1);
        assertThat(s.read(buf, 100, record(1).length * 3L, (o, l) -> {})).isEqualTo(3);
    }

    @Test
    void refusesARecordThatWouldPassTheBoundAndTakesItOnceThereIsRoom() throws Exception {
        Spool s = open(tmp.resolve("spool"), 1024, 64 * 1024);
        int taken = 0;
        while (true) {
            byte[] r = record(taken);
            if (!s.append(r, 0, r.length)) {
                break;
            }
            taken++;
        }
        assertThat(taken).isGreaterThan(10);
        assertThat(s.sizeBytes()).isLessThanOrEqualTo(1024);
        assertThat(drain(s)).isEqualTo(expected(0, taken));
        byte[] r = record(999);
        assertThat(s.append(r, 0, r.length)).isTrue();
    }

    @Test
    void dropOldestDeletesTheOldestSegmentAndCountsItsUnreadRecords() throws Exception {
        Spool s = open(tmp.resolve("spool"), MAX, 1024);
        append(s, 0, 60);
        int segmentsBefore = segments(s.directory()).size();
        ByteBuf buf = new ByteBuf(64);
        s.read(buf, 2, Long.MAX_VALUE, (o, l) -> {});
        s.commit();
        long perSegment = (1024 - SegmentFormat.MAGIC.length) / (SegmentFormat.FRAME_HEADER + record(10).length);

        long dropped = s.dropOldest();

        assertThat(dropped).isEqualTo(perSegment - 2);
        assertThat(segments(s.directory())).hasSize(segmentsBefore - 1);
        assertThat(drain(s)).isEqualTo(expected((int) perSegment, 60));
    }

    @Test
    void syncCountsTheDurableRecords() throws Exception {
        Spool s = open(tmp.resolve("spool"));
        append(s, 0, 5);
        assertThat(s.needsSync()).isTrue();
        assertThat(s.syncedRecords()).isZero();
        s.sync();
        assertThat(s.needsSync()).isFalse();
        assertThat(s.syncedRecords()).isEqualTo(5);
        assertThat(s.appendedRecords()).isEqualTo(5);
    }

    /** A crash can stop a write anywhere: every prefix of a segment reads back as its whole records, never more. */
    @Test
    void aSegmentCutAtEveryByteOffsetYieldsExactlyItsWholeRecords() throws Exception {
        Path source = tmp.resolve("source");
        Spool s = Spool.open(source, MAX, 1024 * 1024, status);
        append(s, 0, 6);
        s.close();
        Path segment = segments(source).get(0);
        byte[] bytes = Files.readAllBytes(segment);
        int[] recordEnds = new int[6];
        int end = SegmentFormat.MAGIC.length;
        for (int i = 0; i < 6; i++) {
            end += SegmentFormat.FRAME_HEADER + record(i).length;
            recordEnds[i] = end;
        }
        assertThat(bytes.length).isEqualTo(end);

        for (int cut = 0; cut <= bytes.length; cut++) {
            warnings.clear();
            Path dir = tmp.resolve("cut-" + cut);
            Files.createDirectories(dir);
            Files.write(dir.resolve(segment.getFileName()), Arrays.copyOf(bytes, cut));
            int whole = 0;
            while (whole < 6 && recordEnds[whole] <= cut) {
                whole++;
            }
            Spool c = open(dir);

            assertThat(drain(c)).as("cut at %d", cut).isEqualTo(expected(0, whole));

            boolean clean = cut == 0 || cut == SegmentFormat.MAGIC.length || whole > 0 && recordEnds[whole - 1] == cut;
            assertThat(c.damagedSegments()).as("cut at %d", cut).isEqualTo(clean ? 0 : 1);
            assertThat(warnings).as("cut at %d", cut).hasSize(clean ? 0 : 1);
            if (!clean) {
                long skipped = cut
                        - (whole == 0
                                ? (cut < SegmentFormat.MAGIC.length ? 0 : SegmentFormat.MAGIC.length)
                                : recordEnds[whole - 1]);
                assertThat(c.skippedBytes()).as("cut at %d", cut).isEqualTo(skipped);
                assertThat(warnings.get(0)).contains("bytes were skipped");
            }
            assertThat(segments(dir)).as("cut at %d", cut).isEmpty();
        }
    }

    /** A flipped byte anywhere ends the segment's valid records at the damaged one, and never passes unnoticed. */
    @Test
    void aFlippedByteAnywhereIsDetectedAndOnlyTheRecordsBeforeItAreRead() throws Exception {
        Path source = tmp.resolve("source");
        Spool s = Spool.open(source, MAX, 1024 * 1024, status);
        append(s, 0, 4);
        s.close();
        Path segment = segments(source).get(0);
        byte[] bytes = Files.readAllBytes(segment);
        int[] recordStarts = new int[4];
        int pos = SegmentFormat.MAGIC.length;
        for (int i = 0; i < 4; i++) {
            recordStarts[i] = pos;
            pos += SegmentFormat.FRAME_HEADER + record(i).length;
        }

        for (int at = 0; at < bytes.length; at++) {
            warnings.clear();
            Path dir = tmp.resolve("flip-" + at);
            Files.createDirectories(dir);
            byte[] damaged = bytes.clone();
            damaged[at] ^= 0x5a;
            Files.write(dir.resolve(segment.getFileName()), damaged);
            int before = 0;
            while (before < 4 && recordStarts[before] + SegmentFormat.FRAME_HEADER + record(before).length <= at) {
                before++;
            }
            Spool c = open(dir);

            List<String> read = drain(c);

            int expectedRecords = at < SegmentFormat.MAGIC.length ? 0 : before;
            assertThat(read).as("byte %d flipped", at).isEqualTo(expected(0, expectedRecords));
            assertThat(c.damagedSegments()).as("byte %d flipped", at).isEqualTo(1);
            assertThat(warnings).as("byte %d flipped", at).hasSize(1);
        }
    }

    @Test
    void emptyAndForeignFilesNeverStopTheReader() throws Exception {
        Path dir = tmp.resolve("spool");
        Files.createDirectories(dir);
        Files.write(dir.resolve("segment-00000000000000000001.spool"), new byte[0]);
        Files.write(dir.resolve("segment-00000000000000000002.spool"), "not a spool file at all".getBytes());
        Files.write(dir.resolve("segment-00000000000000000003.spool"), new byte[] {'C', 'L'});
        Files.write(dir.resolve("notes.txt"), "left alone".getBytes());
        Files.write(dir.resolve("segment-1.spool"), "wrong name: left alone".getBytes());
        Spool s = open(dir);
        append(s, 0, 3);

        assertThat(drain(s)).isEqualTo(expected(0, 3));

        assertThat(s.damagedSegments()).isEqualTo(2);
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).contains("segment-00000000000000000002.spool", "not a spool segment");
        assertThat(warnings.get(1)).contains("segment-00000000000000000003.spool", "shorter than the segment header");
        assertThat(segments(dir)).containsExactly(dir.resolve("segment-1.spool"));
        assertThat(dir.resolve("notes.txt")).exists();
    }

    @Test
    void createsMissingDirectories() throws Exception {
        Path dir = tmp.resolve("a/b/c/spool");
        Spool s = open(dir);
        append(s, 0, 1);
        assertThat(drain(s)).isEqualTo(expected(0, 1));
        assertThat(dir.resolve(Spool.LOCK_FILE)).exists();
    }

    @Test
    void aFileInTheWayOfTheDirectoryIsAClearError() throws Exception {
        Path file = tmp.resolve("spool");
        Files.writeString(file, "x");
        assertThatThrownBy(() -> Spool.open(file, MAX, 4096, status)).isInstanceOf(IOException.class);
    }

    @Test
    void aReadOnlyDirectoryIsAClearError() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root can write into any directory");
        Path dir = tmp.resolve("spool");
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertThatThrownBy(() -> Spool.open(dir, MAX, 4096, status))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("not writable");
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void oneProcessPerDirectory() throws Exception {
        Path dir = tmp.resolve("spool");
        open(dir);
        assertThatThrownBy(() -> Spool.open(dir, MAX, 4096, status))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("in use");
    }

    @Test
    void aClosedSpoolCanBeOpenedAgain() throws Exception {
        Path dir = tmp.resolve("spool");
        Spool s = Spool.open(dir, MAX, 4096, status);
        append(s, 0, 2);
        s.close();
        s.close();
        assertThatThrownBy(() -> s.append(record(1), 0, 5)).isInstanceOf(IOException.class);
        assertThat(drain(open(dir))).isEqualTo(expected(0, 2));
    }

    @Test
    void segmentNamesAreStrict() {
        assertThat(Segment.idOf("segment-00000000000000000042.spool")).isEqualTo(42);
        assertThat(Segment.idOf("segment-42.spool")).isEqualTo(-1);
        assertThat(Segment.idOf("segment-0000000000000000004x.spool")).isEqualTo(-1);
        assertThat(Segment.idOf("other-00000000000000000042.spool")).isEqualTo(-1);
        assertThat(Spool.segmentBytesFor(1024L * 1024 * 1024)).isEqualTo(16L * 1024 * 1024);
        assertThat(Spool.segmentBytesFor(1024 * 1024)).isEqualTo(128 * 1024);
    }

    @Test
    void appendedRecordsReachTheFileOnFlushAndSurviveTheProcessWithoutSync() throws Exception {
        Path dir = tmp.resolve("spool");
        Spool s = open(dir);
        append(s, 0, 3);
        assertThat(sum(segments(dir))).as("gathered in memory").isEqualTo(SegmentFormat.MAGIC.length);
        s.flush();
        assertThat(sum(segments(dir))).isEqualTo(s.sizeBytes());
        assertThat(s.syncedRecords()).isZero();
        // A copy of the directory now is what a killed process leaves behind.
        Path copy = tmp.resolve("copy");
        Files.createDirectories(copy);
        for (Path f : segments(dir)) {
            Files.copy(f, copy.resolve(f.getFileName()));
        }
        assertThat(drain(open(copy))).isEqualTo(expected(0, 3));
    }

    private static long sum(List<Path> files) throws IOException {
        long n = 0;
        for (Path f : files) {
            n += Files.size(f);
        }
        return n;
    }
}
