package dev.strangler.cli.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strangler.cli.CliFailure;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A replay's progress journal, next to its JSON result ({@code <json>.journal}): a first line naming the capture (its
 * SHA-256) and the sides, then one line per capture line done, with its result, the noise legacy showed on it and its
 * session's cookie jars as they were after it. {@code --resume} reads it back: done lines are not sent again, and a
 * session cut in the middle goes on with its cookies. A last line cut short by a kill is ignored. Deleted once the
 * report is written. Thread-safe.
 */
final class ReplayJournal {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The journal's first line: what it is the progress of. */
    record Header(String capture, String sha256, String legacy, String candidate) {}

    /** A cookie of a jar, enough to put it back. */
    record Cookie(String uri, String name, String value, String domain, String path, long maxAge, boolean secure,
                  boolean httpOnly) {}

    /** One capture line done: its result, the noise its legacy pair showed (null when not sent), the unit's jars after it. */
    record Entry(ReplayResult result, Set<String> noise, Map<String, List<Cookie>> jars) {}

    private final Path file;
    private final Map<Integer, Entry> done;
    private final BufferedWriter out;

    private ReplayJournal(Path file, Map<Integer, Entry> done, BufferedWriter out) {
        this.file = file;
        this.done = done;
        this.out = out;
    }

    static Path beside(Path json) {
        return json.resolveSibling(json.getFileName() + ".journal");
    }

    /** A new journal for this run (an old one is replaced), or, with {@code resume}, the one an earlier run left. */
    static ReplayJournal open(ReplayOptions options, boolean resume) {
        Path file = beside(options.json());
        Header header = new Header(options.capture().toString(), sha256(options.capture()), options.legacy().toString(),
                options.candidate().toString());
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Map<Integer, Entry> done = new HashMap<>();
            if (resume) {
                if (!Files.exists(file)) {
                    throw CliFailure.input("--resume: no journal at " + file + " (a run with this --json did not start,"
                            + " or it finished)");
                }
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                Header found = lines.isEmpty() ? null : JSON.readValue(lines.get(0), Header.class);
                if (!header.equals(found)) {
                    throw CliFailure.input("--resume: " + file + " is the journal of another replay (" + found
                            + "), not of " + header);
                }
                for (int i = 1; i < lines.size(); i++) {
                    try {
                        Entry entry = JSON.readValue(lines.get(i), Entry.class);
                        done.put(entry.result().line(), entry);
                    } catch (JsonProcessingException cutShort) {
                        // the run was killed while writing this line: it was not done
                    }
                }
            }
            BufferedWriter out = resume ? Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)
                    : Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            if (!resume) {
                out.write(JSON.writeValueAsString(header));
                out.newLine();
                out.flush();
            }
            return new ReplayJournal(file, done, out);
        } catch (IOException e) {
            throw CliFailure.input("cannot use the replay journal " + file + ": " + e.getMessage());
        }
    }

    /** The entry of a capture line an earlier run finished, or null. */
    Entry done(int line) {
        return done.get(line);
    }

    int doneCount() {
        return done.size();
    }

    /** Writes the line's entry down at once (a kill after this keeps it). */
    synchronized void record(ReplayResult result, Set<String> noise, Map<String, CookieManager> jars) {
        try {
            out.write(JSON.writeValueAsString(new Entry(result, noise, snapshot(jars))));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the replay journal " + file, e);
        }
    }

    /** The run is over and its report written: the journal has nothing left to resume. */
    synchronized void finish() {
        try {
            out.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the replay journal " + file, e);
        }
    }

    /** Puts the cookies an entry recorded back into the jars. */
    static void restore(Entry entry, Map<String, CookieManager> jars) {
        entry.jars().forEach((name, cookies) -> {
            CookieManager jar = Objects.requireNonNull(jars.get(name), () -> "no jar " + name);
            for (Cookie c : cookies) {
                HttpCookie cookie = new HttpCookie(c.name(), c.value());
                cookie.setDomain(c.domain());
                cookie.setPath(c.path());
                cookie.setMaxAge(c.maxAge());
                cookie.setSecure(c.secure());
                cookie.setHttpOnly(c.httpOnly());
                jar.getCookieStore().add(c.uri() == null ? null : URI.create(c.uri()), cookie);
            }
        });
    }

    private static Map<String, List<Cookie>> snapshot(Map<String, CookieManager> jars) {
        Map<String, List<Cookie>> out = new HashMap<>();
        jars.forEach((name, jar) -> {
            List<Cookie> cookies = new ArrayList<>();
            for (URI uri : jar.getCookieStore().getURIs()) {
                for (HttpCookie c : jar.getCookieStore().get(uri)) {
                    cookies.add(new Cookie(uri.toString(), c.getName(), c.getValue(), c.getDomain(), c.getPath(),
                            c.getMaxAge(), c.getSecure(), c.isHttpOnly()));
                }
            }
            out.put(name, cookies);
        });
        return out;
    }

    private static String sha256(Path capture) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(capture), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw CliFailure.input("cannot read the capture " + capture + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JVM", e);
        }
    }
}
