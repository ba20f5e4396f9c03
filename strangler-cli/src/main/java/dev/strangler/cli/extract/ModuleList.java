package dev.strangler.cli.extract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code <modules>} of a parent pom, edited as text so its layout and comments stay: a module is added once,
 * after the last one, indented like it.
 */
public final class ModuleList {

    private static final Pattern LAST_MODULE = Pattern.compile("(?s).*\\n([ \\t]*)<module>[^<]*</module>[^\\n]*\\n");

    private ModuleList() {}

    /** Whether {@code pom} lists {@code module}. */
    public static boolean lists(String pom, String module) {
        return pom.contains("<module>" + module + "</module>");
    }

    /** {@code pom} with {@code module} added after its last module; unchanged when it lists it already. */
    static String withModule(String pom, String module) {
        if (lists(pom, module)) {
            return pom;
        }
        int end = pom.indexOf("</modules>");
        if (end < 0) {
            throw new IllegalArgumentException("it has no <modules> section");
        }
        Matcher last = LAST_MODULE.matcher(pom.substring(0, end));
        if (last.lookingAt()) {
            return pom.substring(0, last.end()) + last.group(1) + "<module>" + module + "</module>\n" + pom.substring(last.end());
        }
        int lineStart = pom.lastIndexOf('\n', end) + 1;
        String indent = pom.substring(lineStart, end);
        return pom.substring(0, lineStart) + indent + "  <module>" + module + "</module>\n" + pom.substring(lineStart);
    }

    /** Adds {@code module} to the pom file; yields whether it was added (false: listed already). */
    public static boolean add(Path pom, String module) throws IOException {
        String before = Files.readString(pom, StandardCharsets.UTF_8);
        String after;
        try {
            after = withModule(before, module);
        } catch (IllegalArgumentException e) {
            throw new IOException(pom + ": " + e.getMessage(), e);
        }
        if (after.equals(before)) {
            return false;
        }
        Files.writeString(pom, after, StandardCharsets.UTF_8);
        return true;
    }
}
