package dev.calllog.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenSearchVersionsTest {

    @Test
    void knowsTheVersionsTheBuildPinned() {
        assertThat(OpenSearchVersions.defaultVersion()).matches("2\\.\\d+\\.\\d+");
        assertThat(OpenSearchVersions.major3Version()).matches("3\\.\\d+\\.\\d+");
    }

    @Test
    void systemPropertyOverridesTheDefaultVersion() {
        String previous = System.getProperty(OpenSearchVersions.VERSION_PROPERTY);
        try {
            System.setProperty(OpenSearchVersions.VERSION_PROPERTY, "3.1.0");
            assertThat(OpenSearchVersions.defaultVersion()).isEqualTo("3.1.0");

            System.clearProperty(OpenSearchVersions.VERSION_PROPERTY);
            assertThat(OpenSearchVersions.defaultVersion()).isEqualTo(OpenSearchVersions.build("opensearch.version"));
        } finally {
            if (previous != null) {
                System.setProperty(OpenSearchVersions.VERSION_PROPERTY, previous);
            }
        }
    }

    @Test
    void version3NeedsJava21AndVersion2Java11To23() {
        assertThat(OpenSearchVersions.requiredJavaVersion("3.3.0")).isEqualTo(21);
        assertThat(OpenSearchVersions.maximumJavaVersion("3.3.0")).isEqualTo(Integer.MAX_VALUE);
        assertThat(OpenSearchVersions.requiredJavaVersion("2.19.6")).isEqualTo(11);
        assertThat(OpenSearchVersions.maximumJavaVersion("2.19.6")).isEqualTo(23);
        assertThatThrownBy(() -> OpenSearchVersions.requiredJavaVersion("latest"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("latest");
    }

    @Test
    void readsFeatureReleasesOfEveryJavaVersionScheme() {
        assertThat(OpenSearchVersions.featureOf("1.8.0_402")).isEqualTo(8);
        assertThat(OpenSearchVersions.featureOf("17.0.15")).isEqualTo(17);
        assertThat(OpenSearchVersions.featureOf("21")).isEqualTo(21);
        assertThat(OpenSearchVersions.featureOf("25-ea")).isEqualTo(25);
    }

    @Test
    void prefersTheRunningJavaWhenItFits() {
        Assumptions.assumeTrue(Runtime.version().feature() <= 23, "the running Java is too new for 2.x");
        assertThat(OpenSearchVersions.javaHomeFor("2.19.6")).contains(Path.of(System.getProperty("java.home")));
    }

    @Test
    void looksForTheNewestJdkInRangeWhenTheRunningJavaDoesNotFit(@TempDir Path jvms) throws IOException {
        Path running = Path.of("/running");
        fakeJdk(jvms, "jdk-8", "1.8.0_402");
        Path jdk17 = fakeJdk(jvms, "jdk-17", "17.0.15");
        Path jdk21 = fakeJdk(jvms, "jdk-21", "21.0.5");
        Path jdk25 = fakeJdk(jvms, "jdk-25", "25.0.1");
        Files.createDirectories(jvms.resolve("not-a-jdk"));

        assertThat(OpenSearchVersions.javaHomeFor("3.3.0", 17, running, jvms)).contains(jdk25);
        assertThat(OpenSearchVersions.javaHomeFor("3.3.0", 21, running, jvms)).contains(running);
        assertThat(OpenSearchVersions.javaHomeFor("2.19.6", 25, running, jvms)).contains(jdk21);
        assertThat(OpenSearchVersions.javaHomeFor("2.19.6", 17, running, jvms)).contains(running);
        assertThat(OpenSearchVersions.javaFeatureVersion(jdk17)).isEqualTo(17);
        Files.delete(jdk25.resolve("bin/java"));
        Files.delete(jdk21.resolve("bin/java"));
        assertThat(OpenSearchVersions.javaHomeFor("3.3.0", 17, running, jvms)).isEmpty();
        assertThat(OpenSearchVersions.javaHomeFor("3.3.0", 17, running, jvms.resolve("missing")))
                .isEmpty();
    }

    private static Path fakeJdk(Path jvms, String name, String version) throws IOException {
        Path home = Files.createDirectories(jvms.resolve(name).resolve("bin")).getParent();
        Path java = Files.createFile(home.resolve("bin/java"));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }
}
