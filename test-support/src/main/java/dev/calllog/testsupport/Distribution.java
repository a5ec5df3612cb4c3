package dev.calllog.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The OpenSearch integ-test zip, and the plugins and modules a node may add to it, in the local Maven repository;
 * fetched with {@code mvn} when missing.
 */
final class Distribution {
    static final String GROUP_ID = "org.opensearch.distribution.integ-test-zip";
    static final String ARTIFACT_ID = "opensearch";

    private Distribution() {}

    /** The zip of {@code version}, downloading it into the local repository first if it is not there. */
    static Path locate(String version) {
        return artifact(GROUP_ID, ARTIFACT_ID, version, "zip");
    }

    /**
     * One artifact of Maven Central ({@code type} {@code jar} or {@code zip}, without its dependencies), downloading it
     * into the local repository first if it is not there; one download at a time across JVMs sharing the repository.
     */
    static Path artifact(String groupId, String artifactId, String version, String type) {
        Path repository = localRepository();
        Path file = pathIn(repository, groupId, artifactId, version, type);
        return FetchLock.once(repository, file, () -> fetch(repository, file, groupId, artifactId, version, type));
    }

    private static Path fetch(
            Path repository, Path file, String groupId, String artifactId, String version, String type) {
        String coordinates = groupId + ":" + artifactId + ":" + version + ":" + type;
        String plugin = "org.apache.maven.plugins:maven-dependency-plugin:"
                + OpenSearchVersions.build("maven-dependency-plugin.version") + ":get";
        // Run outside any project, into the repository we read from (it may not be the one mvn's settings name).
        Commands.Result result = Commands.run(
                List.of(
                        "mvn",
                        "-q",
                        "-B",
                        "-Dstyle.color=never",
                        plugin,
                        "-Dartifact=" + coordinates,
                        "-Dtransitive=false",
                        "-Dmaven.repo.local=" + repository),
                Path.of(System.getProperty("java.io.tmpdir")),
                Duration.ofMinutes(10));
        if (result.ok() && Files.isRegularFile(file)) {
            return file;
        }
        throw new IllegalStateException(coordinates + " is not in the local Maven repository (" + file + ") and 'mvn "
                + plugin + " -Dartifact=" + coordinates + "' could not fetch it (exit " + result.exitCode() + "):\n"
                + tail(result.output(), 40));
    }

    /** {@code maven.repo.local} when set (the build passes it to tests), else {@code ~/.m2/repository}. */
    static Path localRepository() {
        String configured = System.getProperty("maven.repo.local", "").trim();
        return configured.isEmpty()
                ? Path.of(System.getProperty("user.home"), ".m2", "repository")
                : Path.of(configured);
    }

    static Path pathIn(Path repository, String version) {
        return pathIn(repository, GROUP_ID, ARTIFACT_ID, version, "zip");
    }

    static Path pathIn(Path repository, String groupId, String artifactId, String version, String type) {
        return repository
                .resolve(groupId.replace('.', '/'))
                .resolve(artifactId)
                .resolve(version)
                .resolve(artifactId + "-" + version + "." + type);
    }

    /**
     * Unpacks {@code zip} into {@code target}, dropping the archive's single top-level directory
     * ({@code opensearch-<version>/}), and makes the launch scripts executable (java.util.zip ignores Unix modes).
     */
    static void unpack(Path zip, Path target) {
        Path root = target.toAbsolutePath().normalize();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                String name = entry.getName();
                int slash = name.indexOf('/');
                if (slash < 0 || slash == name.length() - 1) {
                    continue;
                }
                Path path = root.resolve(name.substring(slash + 1)).normalize();
                if (!path.startsWith(root)) {
                    throw new IOException("Zip entry escapes the target directory: " + name);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
                    if (root.relativize(path).startsWith("bin")) {
                        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack " + zip + " into " + target, e);
        }
    }

    static String tail(String text, int lines) {
        String[] all = text.split("\n");
        int from = Math.max(0, all.length - lines);
        return String.join("\n", List.of(all).subList(from, all.length));
    }

    static String tail(Path file, int lines) {
        try (InputStream in = Files.newInputStream(file)) {
            return tail(new String(in.readAllBytes(), StandardCharsets.UTF_8), lines);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
