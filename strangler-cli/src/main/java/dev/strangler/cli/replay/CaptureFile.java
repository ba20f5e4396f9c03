package dev.strangler.cli.replay;

import dev.strangler.cli.CliFailure;
import dev.strangler.compare.capture.CaptureLines;
import dev.strangler.compare.capture.InvalidCaptureException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a whole capture file; the first bad line stops the replay with its {@code file:line} and what is wrong. */
final class CaptureFile {

    private CaptureFile() {}

    static List<Recorded> read(Path file) {
        List<Recorded> records = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (!line.isBlank()) {
                    records.add(new Recorded(number, CaptureLines.read(line, file + ":" + number)));
                }
            }
        } catch (InvalidCaptureException e) {
            throw CliFailure.input("bad capture line: " + e.getMessage());
        } catch (IOException e) {
            // MalformedInputException and NoSuchFileException say little on their own: name the file.
            throw CliFailure.input("cannot read the capture " + file + ": " + e);
        }
        return records;
    }
}
