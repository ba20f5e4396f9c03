package dev.strangler.cli.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Report files go where asked, their folder made when missing. */
public final class ReportFiles {

    private ReportFiles() {}

    public static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
