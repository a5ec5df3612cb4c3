package dev.calllog.core.internal.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.calllog.core.internal.config.CallLogConfig;
import dev.calllog.core.internal.spool.Spool;
import dev.calllog.core.internal.status.StatusSink;
import dev.calllog.core.internal.status.ThrottledStatus;
import dev.calllog.core.internal.transport.OpenSearchHttpTransport;
import dev.calllog.core.metrics.ShippingMetrics;
import dev.calllog.testsupport.http.FakeOpenSearch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spool cannot be used to run other bulk actions, and only its owner can read it. */
class SpoolTamperingTest {
    @TempDir
    Path dir;

    private final List<String> status = new CopyOnWriteArrayList<>();
    private final StatusSink sink = new StatusSink() {
        @Override
        public void info(String message) {
            status.add(message);
        }

        @Override
        public void warn(String message, Throwable cause) {
            status.add(message);
        }

        @Override
        public void error(String message, Throwable cause) {
            status.add(message);
        }
    };

    private static final String DOC = "{\"event_id\":\"evt-0001\",\"event\":\"call_completed\",\"n\":\"1\"}";

    private Spool spool(Path d) throws IOException {
        return Spool.open(d, 1024 * 1024, 64 * 1024, sink);
    }

    private static void append(Spool spool, String record) throws IOException {
        byte[] b = record.getBytes(StandardCharsets.UTF_8);
        assertThat(spool.append(b, 0, b.length)).isTrue();
    }

    @Test
    void aTamperedRecordReplaysAsTheOriginalCreateIntoTheConfiguredDataStream() throws Exception {
        Path spoolDir = dir.resolve("spool");
        try (Spool planted = spool(spoolDir)) {
            // Another action and another index, planted by whoever could write into the directory.
            append(planted, "{\"delete\":{\"_index\":\"customers\",\"_id\":\"evt-0001\"}}\n" + DOC + "\n");
            // A second action smuggled into the document line: dropped.
            append(planted, "{\"create\":{}}\n{\"event_id\":\"evt-0002\"}\n{\"delete\":{\"_id\":\"x\"}}\n");
            // No event_id: dropped.
            append(planted, "{\"create\":{\"_id\":\"evt-0003\"}}\n{\"n\":\"3\"}\n");
            planted.sync();
        }
        try (FakeOpenSearch node = new FakeOpenSearch()) {
            node.handler(FakeOpenSearch.bulk((id, attempt) -> FakeOpenSearch.ItemAnswer.created()));
            CallLogConfig c = new CallLogConfig();
            c.addUrl(node.url());
            c.setDataStream("calllog-test");
            c.setLingerMillis(10);
            c.setSpoolDir(spoolDir.toString());
            assertThat(c.validate()).isEmpty();
            ShippingMetrics metrics = new ShippingMetrics();
            BulkShipper<TestRecord> shipper = new BulkShipper<>(
                    c,
                    new TestRecord.Encoder(),
                    OpenSearchHttpTransport.create(c),
                    new ThrottledStatus(sink, 0),
                    metrics,
                    new DeadLetterFile((String) null, 0),
                    spool(spoolDir));
            shipper.start();
            try {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (metrics.snapshot().delivered() + metrics.snapshot().droppedTotal() < 3) {
                    assertThat(System.nanoTime()).as("replayed in time").isLessThan(end);
                    Thread.sleep(10);
                }
            } finally {
                shipper.stop();
            }

            assertThat(metrics.snapshot().delivered()).isEqualTo(1);
            assertThat(metrics.snapshot().droppedTotal()).isEqualTo(2);
            assertThat(node.bulkRequests()).hasSize(1);
            FakeOpenSearch.Request bulk = node.bulkRequests().get(0);
            assertThat(bulk.path()).isEqualTo("/calllog-test/_bulk");
            assertThat(bulk.bodyText()).isEqualTo("{\"create\":{\"_id\":\"evt-0001\"}}\n" + DOC + "\n");
        }
    }

    @Test
    void theSpoolIsPrivateToItsOwner() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file permissions");
        Path spoolDir = dir.resolve("a/spool");
        try (Spool s = spool(spoolDir)) {
            append(s, "{\"create\":{\"_id\":\"evt-0001\"}}\n" + DOC + "\n");
            s.sync();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(spoolDir)))
                    .isEqualTo("rwx------");
            try (Stream<Path> files = Files.list(spoolDir)) {
                List<Path> all = files.toList();
                assertThat(all).hasSize(2); // the lock and one segment
                for (Path f : all) {
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                            .as(f.getFileName().toString())
                            .isEqualTo("rw-------");
                }
            }
        }
        // An existing directory open to others is narrowed.
        Path open = Files.createDirectories(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        spool(open).close();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(open)))
                .isEqualTo("rwx------");
    }

    @Test
    void symbolicLinksAreRefused() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        assertThatThrownBy(() -> spool(link)).isInstanceOf(IOException.class).hasMessageContaining("symbolic link");

        // A segment that is a link to a file elsewhere is not read.
        Path other = Files.writeString(dir.resolve("secret.txt"), "not yours");
        Path spoolDir = Files.createDirectories(dir.resolve("spool"));
        Files.createSymbolicLink(spoolDir.resolve("segment-00000000000000000001.spool"), other);
        try (Spool s = spool(spoolDir)) {
            assertThat(s.isEmpty()).isTrue();
        }
        assertThat(status).anyMatch(m -> m.contains("symbolic link segment-00000000000000000001.spool"));

        // The dead-letter file: never written through a link.
        Path target = Files.writeString(dir.resolve("target.txt"), "");
        Path deadLink = Files.createSymbolicLink(dir.resolve("dead.ndjson"), target);
        byte[] doc = DOC.getBytes(StandardCharsets.UTF_8);
        DeadLetterFile dead = new DeadLetterFile(deadLink.toString(), 1 << 20);
        assertThat(dead.append(400, "mapper_parsing_exception", "r", doc, 0, doc.length))
                .isEqualTo(DeadLetterFile.Outcome.FAILED);
        assertThat(Files.readString(target)).isEmpty();
    }

    @Test
    void theDeadLetterFileIsPrivateAndOffByDefault() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file permissions");
        assertThat(new CallLogConfig().deadLetterFile()).isNull();
        Path file = dir.resolve("dead.ndjson");
        byte[] doc = DOC.getBytes(StandardCharsets.UTF_8);
        DeadLetterFile dead = new DeadLetterFile(file.toString(), 1 << 20);
        assertThat(dead.append(400, "mapper_parsing_exception", "r", doc, 0, doc.length))
                .isEqualTo(DeadLetterFile.Outcome.WRITTEN);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }
}
