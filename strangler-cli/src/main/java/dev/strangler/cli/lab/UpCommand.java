package dev.strangler.cli.lab;

import dev.strangler.cli.ExitCodes;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code strangler lab up}: starts every process not running yet, in order, each once the one before is healthy. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Starts the lab's processes in the order of ops/topology.yaml, waiting for each one's health URL; "
                + "keeps those already running. Fails with the end of its log when a process exits or is not ready in "
                + "time (what started keeps running: strangler lab down stops it).",
            "%nThe jars must be built (./lab up builds them when needed)."})
final class UpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    LabOptions options;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Lab lab = options.lab();
        Duration took = lab.up(out);
        out.printf(Locale.ROOT, "lab: up in %.1fs%n", took.toMillis() / 1000.0);
        LabStatusCommand.print(lab, out);
        lab.plan().firstOf("strangler-proxy").ifPresent(proxy -> out.println("try: curl -s 'http://127.0.0.1:" + proxy.port()
                + "/api/products?q=speaker&size=3'"));
        out.flush();
        return ExitCodes.OK;
    }
}
