package dev.strangler.cli.extract;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.MustacheFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The extracted-service template: Mustache files under {@value #ROOT} listed in {@value #MANIFEST}, each with the
 * path it takes in the new module (a Mustache line too). Filled as text, never HTML-escaped; a placeholder without a
 * value fails the whole rendering rather than leaving a hole in the code.
 */
public final class Template {

    static final String ROOT = "dev/strangler/cli/extract/template/";
    static final String MANIFEST = "files.txt";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^}\\s]+)\\s*}}");

    /** One template file and the path (relative to the module) it becomes. */
    record Entry(String template, String target) {}

    private final List<Entry> entries;

    private Template(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The template on the class path. */
    public static Template load() {
        List<Entry> entries = new ArrayList<>();
        for (String line : read(MANIFEST).split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] parts = trimmed.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalStateException(MANIFEST + ": expected '<template> <path>', got '" + trimmed + "'");
            }
            entries.add(new Entry(parts[0], parts[1]));
        }
        return new Template(entries);
    }

    List<Entry> entries() {
        return entries;
    }

    /** Every file of the new module, path (relative to the module, '/'-separated) to content, in the manifest's order. */
    public Map<String, String> render(Map<String, String> values) {
        Map<String, String> files = new LinkedHashMap<>();
        for (Entry entry : entries) {
            String path = fill(entry.target, entry.target, values);
            if (files.put(path, fill(entry.template, read(entry.template), values)) != null) {
                throw new IllegalStateException(MANIFEST + " makes " + path + " twice");
            }
        }
        return files;
    }

    /** {@code text} with every placeholder filled from {@code values}. */
    static String fill(String name, String text, Map<String, String> values) {
        Set<String> missing = new TreeSet<>(placeholders(text));
        missing.removeAll(values.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("template " + name + " uses placeholders without a value: " + missing);
        }
        StringWriter out = new StringWriter();
        TEXT.compile(new StringReader(text), name).execute(out, values);
        return out.toString();
    }

    /** The names of the placeholders in {@code text}. */
    static Set<String> placeholders(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Mustache for source code: values go in as they are. */
    private static final MustacheFactory TEXT = new DefaultMustacheFactory() {
        @Override
        public void encode(String value, Writer writer) {
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    /** The text of one file of the template. */
    static String read(String name) {
        try (InputStream in = Template.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("the template file " + ROOT + name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
