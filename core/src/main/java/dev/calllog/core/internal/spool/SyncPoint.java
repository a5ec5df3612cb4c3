package dev.calllog.core.internal.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * What one sync of a spool must force to the device: the segments written since the last sync, and the directory when
 * a segment was created. Taken under the spool's lock ({@link Spool#prepareSync()}), forced without it
 * ({@link #force()}), so that records go on being appended while the device is slow, and then recorded as the durability
 * point ({@link Spool#synced}).
 */
public final class SyncPoint {
    private final List<Path> files;
    private final Path directory;
    final long records;

    SyncPoint(List<Path> files, Path directory, long records) {
        this.files = List.copyOf(files);
        this.directory = directory;
        this.records = records;
    }

    List<Path> files() {
        return files;
    }

    boolean includesDirectory() {
        return directory != null;
    }

    /**
     * Forces the files (through a descriptor of its own: forcing a file forces what every descriptor wrote to it) and the
     * directory. A segment deleted meanwhile was read back and is done with: nothing to force.
     *
     * @throws IOException when the device refused
     */
    public void force() throws IOException {
        for (Path f : files) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                ch.force(false);
            } catch (NoSuchFileException gone) {
                // Read back and deleted since.
            }
        }
        if (directory != null) {
            try (FileChannel d = FileChannel.open(directory, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException e) {
                // Some file systems cannot open or force a directory; the segments' data itself is forced.
            }
        }
    }
}
