package dev.strangler.cli.lab;

import dev.strangler.cli.CliFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The lab's folder (.lab by default): one log per process under logs/, the pid of each process it started under
 * pids/, and the generated secrets, each in a file only its owner reads.
 */
public record LabState(Path dir) {

    /** The folder under the repository's root unless {@code --state} names another. */
    public static final String DEFAULT_DIR = ".lab";

    private static final SecureRandom RANDOM = new SecureRandom();

    public Path logs() {
        return dir.resolve("logs");
    }

    public Path log(String process) {
        return logs().resolve(process + ".log");
    }

    public Path pidFile(String process) {
        return dir.resolve("pids").resolve(process + ".pid");
    }

    public Path secretFile(String name) {
        return dir.resolve(name);
    }

    /** Creates the folders. */
    public LabState create() {
        try {
            Files.createDirectories(logs());
            Files.createDirectories(dir.resolve("pids"));
        } catch (IOException e) {
            throw CliFailure.input("cannot create " + dir + ": " + e.getMessage());
        }
        return this;
    }

    /** The pid recorded for the process, if any. */
    public Optional<Long> pid(String process) {
        Path file = pidFile(process);
        try {
            return Files.isRegularFile(file) ? Optional.of(Long.parseLong(Files.readString(file).strip())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public void recordPid(String process, long pid) {
        write(pidFile(process), Long.toString(pid));
    }

    public void forgetPid(String process) {
        try {
            Files.deleteIfExists(pidFile(process));
        } catch (IOException e) {
            throw CliFailure.input("cannot delete " + pidFile(process) + ": " + e.getMessage());
        }
    }

    /** The secret in its file, generated first (hex of {@code bytes} random bytes, owner-only) when there is none. */
    public String secret(String name, int bytes) {
        Path file = secretFile(name);
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[bytes];
                RANDOM.nextBytes(random);
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, HexFormat.of().formatHex(random), StandardCharsets.UTF_8);
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw CliFailure.input("cannot read or create the secret " + file + ": " + e.getMessage());
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CliFailure.input("cannot write " + file + ": " + e.getMessage());
        }
    }
}
