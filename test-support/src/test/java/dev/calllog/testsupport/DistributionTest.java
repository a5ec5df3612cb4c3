package dev.calllog.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DistributionTest {
    @TempDir
    Path dir;

    @Test
    void findsTheZipWhereMavenPutsIt() {
        assertThat(Distribution.pathIn(Path.of("/repo"), "2.19.6"))
                .isEqualTo(Path.of("/repo/org/opensearch/distribution/integ-test-zip/opensearch/2.19.6/"
                        + "opensearch-2.19.6.zip"));
    }

    @Test
    void unpacksWithoutTheTopDirectoryAndMakesScriptsExecutable() throws IOException {
        Path zip = zip("opensearch-9.9.9/bin/opensearch", "opensearch-9.9.9/config/opensearch.yml");
        Path target = Files.createDirectory(dir.resolve("node"));

        Distribution.unpack(zip, target);

        assertThat(target.resolve("bin/opensearch")).hasContent("opensearch-9.9.9/bin/opensearch");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target.resolve("bin/opensearch"))))
                .isEqualTo("rwxr-xr-x");
        assertThat(Files.getPosixFilePermissions(target.resolve("config/opensearch.yml")))
                .doesNotContain(PosixFilePermission.OWNER_EXECUTE);
    }

    @Test
    void refusesEntriesThatEscapeTheTarget() throws IOException {
        Path zip = zip("opensearch-9.9.9/../../escaped");
        Path target = Files.createDirectory(dir.resolve("node"));

        assertThatThrownBy(() -> Distribution.unpack(zip, target))
                .isInstanceOf(UncheckedIOException.class)
                .hasRootCauseMessage("Zip entry escapes the target directory: opensearch-9.9.9/../../escaped");
        assertThat(dir.resolve("escaped")).doesNotExist();
    }

    private Path zip(String... entries) throws IOException {
        Path zip = dir.resolve("test.zip");
        try (OutputStream file = Files.newOutputStream(zip);
                ZipOutputStream out = new ZipOutputStream(file)) {
            for (String entry : entries) {
                out.putNextEntry(new ZipEntry(entry));
                out.write(entry.getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return zip;
    }
}
