package dev.strangler.cli.lab;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The options every {@code strangler lab} command shares: the repository holding the topology, the lab's folder. */
public final class LabOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--root", paramLabel = "DIR",
            description = "The repository: its " + LabTopology.FILE + " defines the lab, its jars are run, and the processes "
                    + "work there (default: the nearest folder from here up holding " + LabTopology.FILE + ").")
    Path root;

    @Option(names = "--state", paramLabel = "DIR",
            description = "The lab's folder: logs, pids, generated secrets (default: ROOT/" + LabState.DEFAULT_DIR + ").")
    Path state;

    /** The lab these options name, with the settings of this command's environment. */
    public Lab lab() {
        Path repository = root == null ? findRoot() : root.toAbsolutePath().normalize();
        if (!Files.isRegularFile(repository.resolve(LabTopology.FILE))) {
            throw new ParameterException(spec.commandLine(), "--root " + repository + " holds no " + LabTopology.FILE);
        }
        Path dir = state == null ? repository.resolve(LabState.DEFAULT_DIR) : state.toAbsolutePath().normalize();
        return new Lab(repository, dir, new LabSettings(Map.copyOf(System.getenv())));
    }

    /** From the working directory up, then from this jar's folder up (ROOT/strangler-cli/target/strangler.jar). */
    private Path findRoot() {
        for (Path start : new Path[] {Path.of("").toAbsolutePath(), jarFolder()}) {
            for (Path dir = start; dir != null; dir = dir.getParent()) {
                if (Files.isRegularFile(dir.resolve(LabTopology.FILE))) {
                    return dir;
                }
            }
        }
        throw new ParameterException(spec.commandLine(), "no " + LabTopology.FILE + " here or above: run it in the "
                + "repository or give --root");
    }

    private static Path jarFolder() {
        try {
            return Path.of(LabOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
