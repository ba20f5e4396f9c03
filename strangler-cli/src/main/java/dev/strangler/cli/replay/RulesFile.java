package dev.strangler.cli.replay;

import dev.strangler.cli.CliFailure;
import dev.strangler.compare.CompareRules;
import dev.strangler.compare.CompareRulesFile;
import dev.strangler.compare.CompareRulesReader;
import dev.strangler.compare.InvalidCompareRulesException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Reads the {@code --rules} file; without one every route gets the default rules. */
final class RulesFile {

    private RulesFile() {}

    static CompareRulesFile read(Path file) {
        if (file == null) {
            return new CompareRulesFile(CompareRules.DEFAULTS, Map.of());
        }
        try {
            return CompareRulesReader.read(Files.readString(file));
        } catch (InvalidCompareRulesException e) {
            throw CliFailure.input(file + ": " + e.getMessage());
        } catch (IOException e) {
            throw CliFailure.input("cannot read the rules " + file + ": " + e);
        }
    }
}
