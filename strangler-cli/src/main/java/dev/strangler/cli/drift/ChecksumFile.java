package dev.strangler.cli.drift;

import dev.strangler.cli.CliFailure;
import dev.strangler.cli.report.ReportFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Every aggregate's checksums and verdict as tab-separated lines, written as the merge goes (never held in memory):
 * {@code id, legacy checksum, extracted checksum, verdict}, {@code -} for a side without the id. Two runs' files
 * diff line by line. {@link #NONE} writes nothing.
 */
sealed class ChecksumFile implements AutoCloseable permits ChecksumFile.Writing {

    static final String HEADER = "id\tlegacy\textracted\tverdict";
    static final ChecksumFile NONE = new ChecksumFile();

    /** What became of one id. */
    enum Verdict {
        EQUAL, EQUAL_UNDER_RULES, DIFFERENT, ONLY_IN_LEGACY, ONLY_IN_EXTRACTED;

        String text() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private ChecksumFile() {}

    /** A file at {@code path}, its folder made; exit 3 when it can't be. */
    static ChecksumFile at(Path path) {
        try {
            ReportFiles.createParent(path);
            BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
            out.write(HEADER);
            out.newLine();
            return new Writing(path, out);
        } catch (IOException e) {
            throw CliFailure.input("cannot write the checksums file " + path + ": " + e);
        }
    }

    void write(String id, String legacy, String extracted, Verdict verdict) {
    }

    @Override
    public void close() {
    }

    private static final class Writing extends ChecksumFile {
        private final Path path;
        private final BufferedWriter out;

        Writing(Path path, BufferedWriter out) {
            this.path = path;
            this.out = out;
        }

        @Override
        void write(String id, String legacy, String extracted, Verdict verdict) {
            try {
                out.write(id.replace('\t', ' ').replace('\n', ' ') + "\t" + (legacy == null ? "-" : legacy) + "\t"
                        + (extracted == null ? "-" : extracted) + "\t" + verdict.text());
                out.newLine();
            } catch (IOException e) {
                throw CliFailure.input("cannot write the checksums file " + path + ": " + e);
            }
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                throw CliFailure.input("cannot write the checksums file " + path + ": " + new UncheckedIOException(e));
            }
        }
    }
}
