package dev.strangler.cli.lab;

import dev.strangler.cli.ExitCodes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code strangler lab logs [NAME]}: the processes' logs, each line prefixed with its process's name, followed. */
@Command(name = "logs", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints the last lines of every process's log (or NAME's), each prefixed with the process's name, "
                + "then follows them until Ctrl-C.")
final class LogsCommand implements Callable<Integer> {

    /** How often a followed log is checked for new lines. */
    static final Duration FOLLOW_INTERVAL = Duration.ofMillis(250);

    @Spec
    CommandSpec spec;

    @Mixin
    LabOptions options;

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "One process (as lab status names it); default: all.")
    String name;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "20",
            description = "The last N lines of each log first (default: ${DEFAULT-VALUE}).")
    int lines;

    @Option(names = "--no-follow", description = "Print the last lines and end.")
    boolean noFollow;

    @Override
    public Integer call() {
        if (lines < 0) {
            throw new ParameterException(spec.commandLine(), "--lines must be 0 or more");
        }
        Lab lab = options.lab();
        Map<String, Path> logs = new LinkedHashMap<>();
        for (LabProcess process : lab.plan().processes()) {
            if (name == null || name.equals(process.name())) {
                logs.put(process.name(), lab.state().log(process.name()));
            }
        }
        if (logs.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "no process '" + name + "'; the lab's: "
                    + String.join(", ", lab.plan().processes().stream().map(LabProcess::name).toList()));
        }
        LogTail tail = new LogTail(logs, spec.commandLine().getOut());
        tail.printLast(lines);
        if (!noFollow) {
            tail.follow(FOLLOW_INTERVAL);
        }
        return ExitCodes.OK;
    }
}
