package dev.calllog.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;

/**
 * What a node adds to the integ-test zip, all from Maven Central: plugins installed from their zips with
 * {@code opensearch-plugin install}, the Security plugin's demo certificates, and the {@code lang-painless} module,
 * which the zip leaves out, assembled from its jars.
 */
final class NodeParts {
    static final String PLUGIN_GROUP = "org.opensearch.plugin";
    static final String SECURITY = "opensearch-security";
    static final String JOB_SCHEDULER = "opensearch-job-scheduler";
    static final String PAINLESS = "lang-painless";

    private static final Pattern DEPENDENCY = Pattern.compile(
            "<dependency>\\s*<groupId>([^<]+)</groupId>\\s*<artifactId>([^<]+)</artifactId>\\s*<version>([^<]+)</version>"
                    + "\\s*<scope>(compile|runtime)</scope>");

    private NodeParts() {}

    /**
     * Installs the plugin {@code artifactId} of {@code version} (its zip is {@code <version>.0}) into the node at
     * {@code home}.
     */
    static void installPlugin(Path home, Path javaHome, String artifactId, String version) {
        Path zip = Distribution.artifact(PLUGIN_GROUP, artifactId, version + ".0", "zip");
        run(
                home,
                javaHome,
                Map.of(),
                List.of(
                        home.resolve("bin/opensearch-plugin").toString(),
                        "install",
                        "--batch",
                        zip.toUri().toString()),
                "opensearch-plugin install " + artifactId);
    }

    /**
     * Runs the Security plugin's demo installer: demo certificates for HTTP and transport TLS (they cover
     * {@code localhost} and {@code 127.0.0.1}), and the user {@code admin} with {@code adminPassword}.
     */
    static void installSecurityDemo(Path home, Path javaHome, String adminPassword) {
        Path script = home.resolve("plugins/" + SECURITY + "/tools/install_demo_configuration.sh");
        run(
                home,
                javaHome,
                Map.of("OPENSEARCH_INITIAL_ADMIN_PASSWORD", adminPassword),
                List.of("bash", script.toString(), "-y", "-i", "-s"),
                "install_demo_configuration.sh");
        if (!Files.isRegularFile(home.resolve("config/root-ca.pem"))) {
            throw new IllegalStateException("The Security demo installer left no config/root-ca.pem in " + home);
        }
    }

    /**
     * Assembles {@code modules/lang-painless} from the jars of {@code org.opensearch.plugin:lang-painless:<version>}
     * and the compile dependencies its pom names, with a descriptor and a security policy of its own.
     */
    static void assemblePainless(Path home, String version) {
        Path module = home.resolve("modules/" + PAINLESS);
        try {
            Files.createDirectories(module);
            Path jar = Distribution.artifact(PLUGIN_GROUP, PAINLESS, version, "jar");
            copy(jar, module);
            Path pom = Distribution.artifact(PLUGIN_GROUP, PAINLESS, version, "pom");
            for (String[] dependency : compileDependencies(Files.readString(pom, StandardCharsets.UTF_8))) {
                copy(Distribution.artifact(dependency[0], dependency[1], dependency[2], "jar"), module);
            }
            Files.writeString(
                    module.resolve("plugin-descriptor.properties"),
                    String.join(
                            "\n",
                            "description=Painless scripting, assembled from its Maven Central jars",
                            "version=" + version,
                            "name=" + PAINLESS,
                            "classname=" + painlessPluginClass(jar),
                            "java.version=" + OpenSearchVersions.requiredJavaVersion(version),
                            "opensearch.version=" + version,
                            "extended.plugins=",
                            "has.native.controller=false",
                            ""),
                    StandardCharsets.UTF_8);
            // The permissions the module's own policy grants: Painless compiles scripts into classes of its own.
            Files.writeString(module.resolve("plugin-security.policy"), """
                    grant {
                      permission java.lang.RuntimePermission "createClassLoader";
                      permission java.lang.RuntimePermission "getClassLoader";
                    };
                    """, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot assemble " + module, e);
        }
    }

    /** The {@code groupId, artifactId, version} of each compile or runtime dependency a pom lists. */
    static List<String[]> compileDependencies(String pom) {
        List<String[]> dependencies = new ArrayList<>();
        Matcher m = DEPENDENCY.matcher(pom);
        while (m.find()) {
            dependencies.add(new String[] {
                m.group(1).trim(), m.group(2).trim(), m.group(3).trim()
            });
        }
        return dependencies;
    }

    private static String painlessPluginClass(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (String candidate :
                    List.of("org.opensearch.painless.PainlessModulePlugin", "org.opensearch.painless.PainlessPlugin")) {
                if (zip.getEntry(candidate.replace('.', '/') + ".class") != null) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException(jar + " has no Painless plugin class");
    }

    private static void copy(Path jar, Path directory) throws IOException {
        Files.copy(jar, directory.resolve(jar.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
    }

    private static void run(Path home, Path javaHome, Map<String, String> env, List<String> command, String what) {
        Map<String, String> all = new HashMap<>(env);
        all.put("JAVA_HOME", javaHome.toString());
        all.put("OPENSEARCH_JAVA_HOME", javaHome.toString());
        Commands.Result result = Commands.run(command, home, Duration.ofMinutes(5), all);
        if (!result.ok()) {
            throw new IllegalStateException(
                    what + " failed (exit " + result.exitCode() + "):\n" + Distribution.tail(result.output(), 30));
        }
    }
}
