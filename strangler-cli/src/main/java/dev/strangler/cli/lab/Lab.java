package dev.strangler.cli.lab;

import dev.strangler.cli.CliFailure;
import dev.strangler.cli.ExitCodes;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The side-by-side lab on this machine as processes, defined by ops/topology.yaml: starts them in order waiting for
 * each one's health, stops them in reverse, tells which run.
 */
public final class Lab {

    /** The app whose log names the Redis and PostgreSQL it embeds when none is configured. */
    static final String MONOLITH = "legacy-monolith";

    private final Path root;
    private final LabSettings settings;
    private final LabPlan plan;
    private final LabState state;
    private final LabLauncher launcher;
    private final LabValues values;

    public Lab(Path root, Path stateDir, LabSettings settings) {
        LabTopology topology = LabTopology.read(root);
        this.root = root;
        this.settings = settings;
        this.plan = LabPlan.of(topology, settings);
        this.state = new LabState(stateDir);
        this.launcher = new LabLauncher(root, state, settings.javaOptions());
        this.values = new LabValues(topology, plan, settings, state, () -> EmbeddedServices.fromLog(state.log(MONOLITH)));
    }

    public LabPlan plan() {
        return plan;
    }

    public LabState state() {
        return state;
    }

    public Path root() {
        return root;
    }

    /** Starts what doesn't run yet, in order, each once the previous one is healthy; returns the time it took. */
    public Duration up(PrintWriter out) {
        state.create();
        long start = System.nanoTime();
        try (HealthWait health = new HealthWait(settings.startTimeout(), out)) {
            for (LabProcess process : plan.processes()) {
                Optional<ProcessHandle> running = launcher.running(process);
                ProcessHandle handle;
                if (running.isPresent()) {
                    handle = running.get();
                    out.println("lab: " + process.name() + " already running (pid " + handle.pid() + ")");
                } else {
                    checkPortsFree(process);
                    Map<String, String> env = values.environment(process);
                    handle = launcher.start(process, env);
                    out.println("lab: started " + process.name() + " (pid " + handle.pid() + ", " + process.describePorts() + ")");
                }
                out.flush();
                health.await(process.name(), url(process), handle, state.log(process.name()));
            }
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Stops what runs, in reverse order: SIGTERM, then SIGKILL after the stop timeout. Returns how many it stopped. */
    public int down(PrintWriter out) {
        return down(out, java.util.Set.of());
    }

    /**
     * Stops the named processes (all of them when {@code only} is empty) that run, in reverse start order; an unknown
     * name is refused before anything stops. Returns how many it stopped.
     */
    public int down(PrintWriter out, java.util.Set<String> only) {
        java.util.List<String> known = plan.processes().stream().map(LabProcess::name).toList();
        java.util.List<String> unknown = only.stream().filter(name -> !known.contains(name)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new CliFailure(ExitCodes.USAGE, "no lab process " + String.join(", ", unknown) + " (the lab's: "
                    + String.join(", ", known) + ")");
        }
        int stopped = 0;
        for (LabProcess process : plan.stopOrder()) {
            if (!only.isEmpty() && !only.contains(process.name())) {
                continue;
            }
            Optional<ProcessHandle> running = launcher.running(process);
            if (running.isPresent()) {
                out.print("lab: stopping " + process.name() + " (pid " + running.get().pid() + ")");
                out.flush();
                long start = System.nanoTime();
                boolean killed = launcher.stop(running.get(), settings.stopTimeout());
                out.printf(Locale.ROOT, " %s (%.1fs)%n", killed ? "killed: it did not stop within " + settings.stopTimeout().toSeconds()
                        + "s of SIGTERM" : "stopped", (System.nanoTime() - start) / 1e9);
                stopped++;
            }
            state.forgetPid(process.name());
        }
        out.println(stopped == 0 ? "lab: nothing was running" : "lab: stopped " + stopped + " processes");
        out.flush();
        return stopped;
    }

    /** The running process, if it runs. */
    public Optional<ProcessHandle> running(LabProcess process) {
        return launcher.running(process);
    }

    /** A link or health template resolved for the process. */
    String resolve(String template, LabProcess process, String what) {
        return values.resolve(template, process, what);
    }

    /** What the monolith's log says about the Redis and PostgreSQL it uses. */
    EmbeddedServices services() {
        return EmbeddedServices.fromLog(state.log(MONOLITH));
    }

    private String url(LabProcess process) {
        return values.resolve(process.health(), process, "health");
    }

    private void checkPortsFree(LabProcess process) {
        process.ports().forEach((name, port) -> {
            if (LabLauncher.portTaken(port)) {
                throw new CliFailure(ExitCodes.INPUT, "port " + port + " (" + process.name() + ") is taken: set "
                        + process.portSettings().get(name) + " to other ports");
            }
        });
    }
}
