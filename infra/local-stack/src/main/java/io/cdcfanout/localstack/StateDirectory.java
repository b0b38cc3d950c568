package io.cdcfanout.localstack;

import io.cdcfanout.localstack.process.StackState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The stack's state directory: the lock one command holds while it works, the record of what runs, and deleting
 * exactly what the stack wrote there.
 */
final class StateDirectory {

    /** Where tools keep files beside the stack ({@link StackContext#toolFile}); deleted with the stack's data. */
    static final String TOOLS = "tools";
    /** What the stack itself writes at the top of its state directory, besides component directories. */
    private static final List<String> OWN_FILES = List.of("logs", "state.json", "state.json.tmp", "log4j2.properties", ".lock", TOOLS);

    /** Held for the duration of one command. */
    interface Lock extends AutoCloseable {
        @Override
        void close() throws StackException;
    }

    private final Path dir;

    StateDirectory(Path dir) {
        this.dir = dir;
    }

    Lock lock() throws StackException {
        try {
            Files.createDirectories(dir);
            FileChannel channel = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new StackException("another ./fanout command is working on " + dir + "; wait for it to finish");
            }
            FileLock held = lock;
            return () -> {
                try {
                    held.release();
                    channel.close();
                } catch (IOException e) {
                    throw new StackException("cannot release the lock on " + dir + ": " + e.getMessage(), e);
                }
            };
        } catch (IOException e) {
            throw new StackException("cannot use the state directory " + dir + ": " + e.getMessage(), e);
        }
    }

    StackState load() {
        try {
            return StackState.load(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve("state.json"), e);
        }
    }

    static void forget(StackState state, String component) {
        try {
            state.remove(component);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Deletes what the stack wrote — component directories and its own files — and nothing else, so a mistaken state
     * directory never costs a user's files.
     */
    void purge(Collection<String> components) {
        components.forEach(name -> deleteRecursively(dir.resolve(name)));
        OWN_FILES.forEach(file -> deleteRecursively(dir.resolve(file)));
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            // other files live there: not ours to delete
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(path)) {
            paths.sorted(Comparator.reverseOrder()).forEach(each -> {
                try {
                    Files.deleteIfExists(each);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
