package dev.strangler.cli.lab;

import dev.strangler.cli.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code strangler lab status}: per process whether it runs, its pid, ports and log; then the lab's URLs. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Per process: up or down, pid, ports and log file; then the URLs: the proxies' public and admin "
                + "APIs, the migration dashboard, the monolith.")
final class LabStatusCommand implements Callable<Integer> {

    private static final String ROW = "%-20s %-5s %-8s %-20s %s%n";

    @Spec
    CommandSpec spec;

    @Mixin
    LabOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        print(options.lab(), out);
        out.flush();
        return ExitCodes.OK;
    }

    static void print(Lab lab, PrintWriter out) {
        out.printf(Locale.ROOT, ROW, "PROCESS", "STATE", "PID", "PORTS", "LOG");
        for (LabProcess process : lab.plan().processes()) {
            Optional<ProcessHandle> running = lab.running(process);
            out.printf(Locale.ROOT, ROW, process.name(), running.isPresent() ? "up" : "down",
                    running.map(h -> String.valueOf(h.pid())).orElse("-"), process.describePorts(),
                    shown(lab, lab.state().log(process.name())));
        }
        out.println();
        for (LabProcess process : lab.plan().processes()) {
            process.links().forEach((name, template) -> out.printf(Locale.ROOT, "%-20s %-10s %s%n", process.name(), name,
                    lab.resolve(template, process, "link " + name)));
        }
        out.println("admin token in " + shown(lab, lab.state().secretFile("admin-token"))
                + " (the dashboard asks for it once)");
        lab.services().lines().forEach(line -> out.println(Lab.MONOLITH + ": " + line));
    }

    /** A path under the repository relative to it, as the user typed commands there. */
    private static String shown(Lab lab, Path path) {
        return path.startsWith(lab.root()) ? lab.root().relativize(path).toString() : path.toString();
    }
}
