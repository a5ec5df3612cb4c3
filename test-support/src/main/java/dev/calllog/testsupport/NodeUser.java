package dev.calllog.testsupport;

import java.nio.file.Path;
import java.util.List;

/**
 * OpenSearch refuses to run as root, and has no switch to allow it. When this JVM is root, nodes run as a dedicated
 * system user, created on first use.
 */
final class NodeUser {
    /** The unprivileged user nodes run as when this JVM runs as root. */
    static final String NAME = "calllog-os";

    private static volatile Boolean root;

    private NodeUser() {}

    static boolean isRoot() {
        Boolean r = root;
        if (r == null) {
            Commands.Result id = Commands.run("id", "-u");
            r = id.ok() ? "0".equals(id.output().trim()) : "root".equals(System.getProperty("user.name"));
            root = r;
        }
        return r;
    }

    /** Creates the user unless it exists. Safe when another process creates it at the same time. */
    static synchronized void ensureExists() {
        if (exists()) {
            return;
        }
        Commands.Result added = Commands.run(
                "useradd",
                "--system",
                "--user-group",
                "--no-create-home",
                "--home-dir",
                "/nonexistent",
                "--shell",
                "/usr/sbin/nologin",
                NAME);
        if (!added.ok() && !exists()) {
            throw new IllegalStateException("OpenSearch cannot run as root and the user '" + NAME
                    + "' to run it could not be created (useradd exit " + added.exitCode() + "): "
                    + added.output().trim());
        }
    }

    /** Gives {@code directory} and everything below it to the node user. */
    static void chown(Path directory) {
        Commands.Result result = Commands.run("chown", "-R", NAME + ":" + NAME, directory.toString());
        if (!result.ok()) {
            throw new IllegalStateException("chown of " + directory + " to " + NAME + " failed: " + result.output());
        }
    }

    /**
     * Prefix that runs a command as the node user. {@code setpriv} replaces itself with the command, so the process
     * this JVM holds is the node itself and signals reach it directly; {@code runuser} is the fallback.
     */
    static List<String> commandPrefix() {
        if (Commands.run("setpriv", "--version").ok()) {
            return List.of("setpriv", "--reuid=" + NAME, "--regid=" + NAME, "--init-groups", "--");
        }
        return List.of("runuser", "-u", NAME, "--");
    }

    private static boolean exists() {
        return Commands.run("id", "-u", NAME).ok();
    }
}
