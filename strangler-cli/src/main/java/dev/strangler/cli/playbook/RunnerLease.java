package dev.strangler.cli.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strangler.cli.CliFailure;
import dev.strangler.cli.ExitCodes;
import dev.strangler.cli.admin.AdminClient;
import dev.strangler.cli.lab.ProcessLiveness;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The runner lease a {@code playbook run} holds on the proxy while it drives a subdomain's playbook: taken before the
 * run reads where the playbook stands (a second run is refused then, nothing changed), renewed in the background every
 * third of its time, named on every transition the run records (the proxy refuses them once another run holds it), and
 * let go when the run ends (also on Ctrl-C or SIGTERM). A run killed outright holds it until it lapses
 * ({@link #DEFAULT_TTL}), except for a run again on the same host, which takes it over from a process that is gone.
 */
final class RunnerLease implements AutoCloseable {

    /** How long a lease lasts unless renewed: how long a run killed outright keeps the next one waiting. */
    static final Duration DEFAULT_TTL = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AdminClient admin;
    private final String subdomain;
    private final String holder;
    private final Duration ttl;
    private final String note;
    private final ScheduledExecutorService renewer;
    /** Why this run no longer holds the lease, once it knows; null while it does. */
    private volatile String lost;
    private boolean tookOverFromGoneRun;
    /** Lets the lease go when the JVM exits before {@link #close()} (Ctrl-C, SIGTERM). */
    private final Thread onExit = new Thread(this::release, "runner-lease-release");

    private RunnerLease(AdminClient admin, String subdomain, Duration ttl) {
        this.admin = admin;
        this.subdomain = subdomain;
        this.holder = "run-" + UUID.randomUUID();
        this.ttl = ttl;
        this.note = noteFor(host(), String.valueOf(ProcessHandle.current().pid()));
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "runner-lease-" + subdomain);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Takes {@code subdomain}'s lease (from another run too, with {@code takeOver}) and starts renewing it; a
     * {@link ExitCodes#STOPPED} failure naming the holder while another run has it.
     */
    static RunnerLease take(AdminClient admin, String subdomain, boolean takeOver, Duration ttl) {
        RunnerLease lease = new RunnerLease(admin, subdomain, ttl);
        try {
            lease.claim(takeOver);
        } catch (CliFailure e) {
            if (e.httpStatus() != 409) {
                lease.renewer.shutdownNow();
                throw e;
            }
            if (!lease.heldByAGoneRunHere()) {
                lease.renewer.shutdownNow();
                throw new CliFailure(ExitCodes.STOPPED, "another run drives playbook " + subdomain + ": " + detail(e)
                        + "; nothing was changed (let that run end, or stop it; if it is gone, run again with --take-over or once the lease lapsed)");
            }
            lease.claim(true); // its holder was a run on this machine that no longer runs (killed outright): nobody to wait for
            lease.tookOverFromGoneRun = true;
        }
        Runtime.getRuntime().addShutdownHook(lease.onExit);
        long every = Math.max(200, ttl.toMillis() / 3);
        lease.renewer.scheduleWithFixedDelay(lease::renew, every, every, TimeUnit.MILLISECONDS);
        return lease;
    }

    /** Whether the lease's holder, as its note names it, is a run on this host whose process is gone. */
    private boolean heldByAGoneRunHere() {
        String held = admin.getIfThere("/admin/playbooks/" + AdminClient.segment(subdomain) + "/runner", 404)
                .map(lease -> lease.path("note").asText("")).orElse("");
        String here = noteFor(host(), "");
        if (!held.startsWith(here)) {
            return false;
        }
        try {
            long pid = Long.parseLong(held.substring(here.length()));
            return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(p -> !ProcessLiveness.running(p)).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String noteFor(String host, String pid) {
        return "strangler playbook run on " + host + ", pid " + pid;
    }

    /** Whether {@link #take} took the lease over from a run on this host that was gone. */
    boolean tookOverFromGoneRun() {
        return tookOverFromGoneRun;
    }

    /** The id the run names on its transitions. */
    String holder() {
        return holder;
    }

    /**
     * Fails ({@link ExitCodes#STOPPED}) once this run knows another run took its lease: from a renewal, or from
     * {@code runner}, the lease as the playbook's state shows it (null or missing: nobody's, which the next renewal mends).
     */
    void check(JsonNode runner) {
        String other = runner == null ? "" : runner.path("holder").asText("");
        if (lost == null && !other.isEmpty() && !other.equals(holder)) {
            lost = tookOver(runner.path("actor").asText("someone")
                    + (runner.path("note").asText("").isEmpty() ? "" : " (" + runner.path("note").asText() + ")")
                    + " holds its runner lease since " + runner.path("since").asText("?"));
        }
        String why = lost;
        if (why != null) {
            throw new CliFailure(ExitCodes.STOPPED, why + "; this run stops");
        }
    }

    /** A refusal of one of this run's writes because another run holds the lease: what to stop with. */
    CliFailure lostTo(CliFailure refusal) {
        lost = tookOver(detail(refusal));
        return new CliFailure(ExitCodes.STOPPED, lost + "; this run stops");
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException e) {
            return; // the JVM is exiting: the hook lets it go
        }
        release();
    }

    private void release() {
        renewer.shutdownNow();
        try {
            renewer.awaitTermination(5, TimeUnit.SECONDS); // a renewal in flight must not take the lease again after its release
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (lost == null) {
            try {
                admin.delete("/admin/playbooks/" + AdminClient.segment(subdomain) + "/runner?holder=" + holder);
            } catch (RuntimeException e) {
                // it lapses by itself; the run's own outcome is what the user needs to see
            }
        }
    }

    private void claim(boolean takeOver) {
        ObjectNode body = JSON.createObjectNode().put("holder", holder).put("ttlMs", ttl.toMillis()).put("note", note);
        if (takeOver) {
            body.put("takeOver", true);
        }
        admin.send("PUT", "/admin/playbooks/" + AdminClient.segment(subdomain) + "/runner", "application/json", body.toString(), Map.of());
    }

    private void renew() {
        try {
            claim(false);
        } catch (CliFailure e) {
            if (e.httpStatus() == 409) {
                lost = tookOver(detail(e));
                renewer.shutdown();
            } // else unreachable for now: the next renewal tries again, the run's own calls report it
        } catch (RuntimeException e) {
            // never let the renewer die of a surprise: the next renewal tries again
        }
    }

    private String tookOver(String how) {
        return "another run took over playbook " + subdomain + ": " + how;
    }

    /** The proxy's own words of a refusal, without the request it refused. */
    private static String detail(CliFailure refusal) {
        return refusal.getMessage().replaceFirst("^the admin API refused \\S+ \\S+ \\(\\d{3}\\): ", "");
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "an unknown host";
        }
    }
}
