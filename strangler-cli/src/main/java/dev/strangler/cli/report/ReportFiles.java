package dev.strangler.cli.report;

import com.github.mustachejava.Mustache;
import dev.strangler.cli.CliFailure;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Report files go where asked, their folder made when missing; HTML pages from Mustache templates. */
public final class ReportFiles {

    private ReportFiles() {}

    /** Writes a Mustache page to {@code file}, its folder made; exit 3 when it can't be written. */
    public static void writeHtml(Mustache template, Object view, Path file) {
        try {
            createParent(file);
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                template.execute(out, view);
            }
        } catch (IOException e) {
            throw CliFailure.input("cannot write the HTML report " + file + ": " + e);
        }
    }

    /** A Mustache page as text. */
    public static String render(Mustache template, Object view) {
        StringWriter out = new StringWriter();
        template.execute(out, view);
        return out.toString();
    }

    public static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
