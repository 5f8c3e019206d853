package io.ccheadless.aws.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of this repository (events/ is the one source of sample payloads). */
public final class RepoFiles {
    private RepoFiles() {
    }

    public static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("events"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the repository root (a folder with events/) above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    public static String event(String name) {
        try {
            return Files.readString(root().resolve("events").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
