package dev.strangler.cli.extract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Writes a new extracted-service module under {@code extracted-services/} from the template; never over an existing one. */
public final class Scaffold {

    /** Where the extracted services live, relative to the project's root. */
    public static final String SERVICES = "extracted-services";

    private final Path root;

    public Scaffold(Path root) {
        this.root = root;
    }

    /** The module's folder: {@code <root>/extracted-services/<subdomain>-service}. */
    public Path moduleDir(Subdomain subdomain) {
        return root.resolve(SERVICES).resolve(subdomain.service());
    }

    /** {@code extracted-services/pom.xml}, the parent that lists the modules. */
    public Path servicesPom() {
        return root.resolve(SERVICES).resolve("pom.xml");
    }

    /**
     * Writes every file the template makes for {@code options}, reporting each to {@code created}; yields the files.
     * Throws {@link AlreadyExistsException} when the module's folder exists, before writing anything.
     */
    public List<Path> write(ExtractOptions options, Template template, Consumer<Path> created) throws IOException {
        Path module = moduleDir(options.subdomain());
        if (Files.exists(module)) {
            throw new AlreadyExistsException(module);
        }
        Map<String, String> files = template.render(options.placeholders());
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = module.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
            written.add(path);
            created.accept(path);
        }
        return written;
    }
}
