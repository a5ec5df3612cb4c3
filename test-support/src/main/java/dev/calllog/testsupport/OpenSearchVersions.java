package dev.calllog.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The OpenSearch versions the build pinned, and the Java runtime each one needs.
 *
 * <p>The versions come from the parent pom ({@code opensearch.test.version} and {@code opensearch.test.major3.version})
 * through a filtered resource.
 */
public final class OpenSearchVersions {
    /** System property that overrides the default node version, e.g. {@code -Dcalllog.opensearch.version=3.3.0}. */
    public static final String VERSION_PROPERTY = "calllog.opensearch.version";

    /** Where JDKs are installed on Debian and Ubuntu; searched when the running Java is too old for a node. */
    static final Path JVM_DIRECTORY = Path.of("/usr/lib/jvm");

    private static final Properties BUILD = load();

    private OpenSearchVersions() {}

    /** The node version tests start: {@value #VERSION_PROPERTY} if set, else the build's default (a 2.x). */
    public static String defaultVersion() {
        String override = System.getProperty(VERSION_PROPERTY, "").trim();
        return override.isEmpty() ? build("opensearch.version") : override;
    }

    /** The 3.x version the compatibility tests start. */
    public static String major3Version() {
        return build("opensearch.major3.version");
    }

    /**
     * The version of the plugin tier: the newest whose Security plugin zip is on Maven Central
     * ({@code org.opensearch.plugin:opensearch-security:<version>.0:zip}), which the node version must match exactly.
     */
    public static String pluginsVersion() {
        return build("opensearch.plugins.version");
    }

    /** The lowest Java feature release {@code version} runs on: 21 for 3.x, 11 for 2.x. */
    public static int requiredJavaVersion(String version) {
        return majorOf(version) >= 3 ? 21 : 11;
    }

    /**
     * The highest Java feature release {@code version} runs on: 23 for 2.x, which needs the Security Manager that Java
     * 24 removed; unbounded for 3.x.
     */
    public static int maximumJavaVersion(String version) {
        return majorOf(version) >= 3 ? Integer.MAX_VALUE : 23;
    }

    /**
     * A Java home able to run {@code version}: the running JVM's if it fits, else the newest JDK under
     * {@code /usr/lib/jvm} that does; empty when there is none.
     */
    public static Optional<Path> javaHomeFor(String version) {
        return javaHomeFor(
                version, Runtime.version().feature(), Path.of(System.getProperty("java.home")), JVM_DIRECTORY);
    }

    static Optional<Path> javaHomeFor(String version, int runningFeature, Path runningHome, Path jvmDirectory) {
        int min = requiredJavaVersion(version);
        int max = maximumJavaVersion(version);
        if (runningFeature >= min && runningFeature <= max) {
            return Optional.of(runningHome);
        }
        if (!Files.isDirectory(jvmDirectory)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvmDirectory)) {
            return homes.filter(home -> Files.isExecutable(home.resolve("bin/java")))
                    .filter(home -> {
                        int feature = javaFeatureVersion(home);
                        return feature >= min && feature <= max;
                    })
                    .max(Comparator.comparingInt(OpenSearchVersions::javaFeatureVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Feature release of the JDK at {@code javaHome}, read from its {@code release} file; 0 when unknown. */
    static int javaFeatureVersion(Path javaHome) {
        Path release = javaHome.resolve("release");
        if (!Files.isRegularFile(release)) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    return featureOf(line.substring("JAVA_VERSION=".length()).replace("\"", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** {@code "1.8.0_402"} is 8, {@code "17.0.15"} is 17, {@code "25"} is 25. */
    static int featureOf(String javaVersion) {
        String[] parts = javaVersion.trim().split("[._+-]");
        int first = Integer.parseInt(parts[0]);
        return first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first;
    }

    static int majorOf(String version) {
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Not an OpenSearch version: " + version, e);
        }
    }

    static String build(String key) {
        String value = BUILD.getProperty(key);
        if (value == null || value.isBlank() || value.startsWith("${")) {
            throw new IllegalStateException(
                    "calllog-test-support.properties lacks " + key + ": the resource was not filtered by the build");
        }
        return value.trim();
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = OpenSearchVersions.class.getResourceAsStream("calllog-test-support.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
