package dev.strangler.cli.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.strangler.cli.CliFailure;
import java.io.IOException;
import java.nio.file.Path;

/** Writes a report record as indented JSON (a replay's {@link ReplayReport}, a drift check's), for CI and playbook gates. */
public final class JsonReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    public static void write(Object report, Path file) {
        try {
            ReportFiles.createParent(file);
            JSON.writeValue(file.toFile(), report);
        } catch (IOException e) {
            throw CliFailure.input("cannot write the JSON result " + file + ": " + e);
        }
    }
}
