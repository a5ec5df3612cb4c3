package dev.calllog.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

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
    void version3NeedsJava21AndVersion2Java11() {
        assertThat(OpenSearchVersions.requiredJavaVersion("3.3.0")).isEqualTo(21);
        assertThat(OpenSearchVersions.requiredJavaVersion("2.19.6")).isEqualTo(11);
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
    void theRunningJavaIsEnoughForItsOwnFeatureRelease() {
        assertThat(OpenSearchVersions.javaHomeFor("2.19.6"))
                .contains(java.nio.file.Path.of(System.getProperty("java.home")));
    }
}
