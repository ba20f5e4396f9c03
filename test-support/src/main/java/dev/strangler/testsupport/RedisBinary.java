package dev.strangler.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import redis.embedded.core.ExecutableProvider;

/** Finds a {@code redis-server} executable: on PATH first, else the one bundled in embedded-redis. */
public final class RedisBinary {

  private RedisBinary() {}

  /** The PATH one when there is one, else the bundled one. */
  public static Path locate() {
    return onPath().orElseGet(RedisBinary::bundled);
  }

  public static Optional<Path> onPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir, "redis-server");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** The redis-server shipped inside the embedded-redis artifact, extracted to a temp file. */
  public static Path bundled() {
    try {
      File file = ExecutableProvider.newJarResourceProvider().get();
      if (!file.canExecute() && !file.setExecutable(true)) {
        throw new IOException("cannot make " + file + " executable");
      }
      return file.toPath();
    } catch (IOException e) {
      throw new UncheckedIOException("could not extract the bundled redis-server", e);
    }
  }
}
