package dev.calllog.core.internal.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Files only the application's user may read: the spool and the dead-letter file hold whole documents. Directories are
 * created {@code 0700} and files {@code 0600} (where the file system has POSIX permissions); a symbolic link where a
 * file or the spool directory should be is refused, so that nobody can point the appender's writes elsewhere.
 */
public final class PrivateFiles {
    private static final boolean POSIX =
            FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private PrivateFiles() {}

    /**
     * Creates {@code dir} (and missing parents) {@code 0700}; an existing one is narrowed to {@code 0700}.
     *
     * @throws IOException when it is a symbolic link or not a directory, or cannot be created
     */
    public static void createDirectory(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw new IOException(dir + " is a symbolic link: give the real directory");
        }
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(dir + " is not a directory");
            }
            if (POSIX) {
                try {
                    Files.setPosixFilePermissions(dir, DIR);
                } catch (IOException | UnsupportedOperationException e) {
                    // not ours to change: it stays as its owner made it
                }
            }
            return;
        }
        if (POSIX) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR));
        } else {
            Files.createDirectories(dir);
        }
    }

    /**
     * Opens {@code file} for writing with {@code options}, never through a symbolic link; a file it creates is
     * {@code 0600}, and an existing one is narrowed to {@code 0600}.
     */
    public static FileChannel openForWriting(Path file, OpenOption... options) throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new IOException(file + " is a symbolic link: refused");
        }
        Set<OpenOption> all = new HashSet<>(List.of(options));
        all.add(LinkOption.NOFOLLOW_LINKS);
        all.add(StandardOpenOption.WRITE);
        FileChannel channel = POSIX
                ? FileChannel.open(file, all, new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)})
                : FileChannel.open(file, all);
        if (POSIX) {
            try {
                Files.setPosixFilePermissions(file, FILE);
            } catch (IOException | UnsupportedOperationException e) {
                // not ours to change
            }
        }
        return channel;
    }

    /** Opens {@code file} for reading, never through a symbolic link. */
    public static FileChannel openForReading(Path file) throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    }
}
