package dev.strangler.cli.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strangler.cli.CliFailure;
import dev.strangler.cli.ExitCodes;
import dev.strangler.cli.admin.AdminClient;
import dev.strangler.cli.playbook.StartPoint.Mode;
import dev.strangler.cli.playbook.Verdict.Outcome;
import dev.strangler.playbook.Playbook;
import dev.strangler.playbook.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Drives a playbook through its steps on a proxy: enters each step (flips every route, resets the step's figures,
 * journals it), reads the gate every gate interval while it soaks and rolls back to the step before on a breach, moves
 * on once the soaked gate passes (and, for a manual step, once approved), and stops when someone else rolls the
 * playbook back. Every move is journaled with the figures that caused it.
 */
final class PlaybookRun {

    /**
     * How a run reads its gates.
     *
     * @param gateInterval time between two gate readings
     * @param minSample    samples a live limit needs before it is judged, when the gate's minComparedRequests is higher or unset
     * @param reports      the report files gates may need
     */
    record Settings(Duration gateInterval, long minSample, GateReports reports) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Playbook playbook;
    private final AdminClient admin;
    private final Settings settings;
    private final RunProgress progress;
    private final Clock clock;
    private final Journal journal;
    private final GateReader reader;
    /** The newest journal entry this run has looked at; what comes after it is news (see {@link #news}). */
    private String checkedId;
    private final java.util.Set<String> ownIds = new java.util.HashSet<>();
    /** The lease this run holds; null for a run that changes nothing (a dry run). */
    private final RunnerLease lease;

    PlaybookRun(Playbook playbook, AdminClient admin, Settings settings, RunProgress progress, Clock clock, RunnerLease lease) {
        this.lease = lease;
        this.playbook = playbook;
        this.admin = admin;
        this.settings = settings;
        this.progress = progress;
        this.clock = clock;
        this.journal = new Journal(admin, playbook.subdomain());
        this.reader = new GateReader(admin, playbook);
    }

    /** Fails unless the proxy records route traffic and keeps a playbook journal (it needs a results Redis). */
    static void requireRecording(AdminClient admin) {
        // A proxy without a results Redis answers these with a 404 problem saying so: stop before anything is flipped.
        admin.get("/admin/traffic");
        admin.get("/admin/playbooks");
    }

    /**
     * Where the run would start, after checking the routes exist and the reports its gates need are given ({@link
     * #requireRecording} first).
     */
    StartPoint prepare() {
        List<String> missing = PlaybookPlan.missingRoutes(playbook, admin.get("/admin/routes"));
        if (!missing.isEmpty()) {
            throw new CliFailure(ExitCodes.USAGE, "the proxy's route table has no route " + String.join(", ", missing)
                    + " that playbook " + playbook.subdomain() + " moves; nothing was changed");
        }
        StartPoint start = StartPoint.of(playbook, journal.state(Journal.RECENT));
        for (Step step : playbook.steps().subList(start.index(), playbook.steps().size())) {
            if (Boolean.TRUE.equals(step.gate().requirePassingReplay()) && settings.reports().replayReport() == null) {
                throw new CliFailure(ExitCodes.USAGE, "step " + step.id() + " needs a passing replay: give --replay-report FILE "
                        + "(the JSON result of strangler replay); nothing was changed");
            }
        }
        return start;
    }

    /**
     * Runs from {@code start} to the end, or with {@code through} (a step's index) up to and including that step: once
     * its gate passed the run stops there, journaled (a manual step as waiting for approval, which it then does not
     * wait for), so a later run goes on from it. A stop (a breach, a blocked gate, a rollback by hand) is a
     * {@link CliFailure}.
     */
    void run(StartPoint start, Integer through) {
        checkedId = start.lastId();
        Position first = position(start.index());
        if (start.mode() == Mode.DONE) {
            progress.event("completed", first, "playbook " + playbook.subdomain() + " already completed; nothing to do", null);
            return;
        }
        Reading previous = null;
        for (int i = start.index(); i < playbook.steps().size(); i++) {
            Step step = playbook.steps().get(i);
            Mode mode = i == start.index() ? start.mode() : Mode.ENTER;
            Instant since;
            if (mode == Mode.ENTER) {
                since = enter(i, i == start.index() ? start.from() : playbook.steps().get(i - 1).id(), previous,
                        i == start.index() && start.from() != null);
            } else {
                ObjectNode applied = apply(i);
                progress.event("resumed", position(i), "went on from the journal (" + mode.name().toLowerCase(java.util.Locale.ROOT)
                        + (start.since() == null ? "" : ", entered " + start.since()) + "); routes checked: "
                        + String.join(", ", playbook.routes()), applied);
                since = start.since() == null ? clock.instant() : start.since();
            }
            Reading passed = mode == Mode.APPROVAL ? null : soakAndGate(i, since);
            if (through != null && through == i) {
                stopThrough(i, passed, mode == Mode.APPROVAL);
                return;
            }
            if (step.approval() == Step.Approval.MANUAL) {
                passed = awaitApproval(i, passed, mode == Mode.APPROVAL);
            }
            previous = passed;
        }
        Position last = position(playbook.steps().size() - 1);
        record(Transition.COMPLETED, last, last.step(), Transition.COMPLETED, "every step passed its gate", numbers(previous, null));
        progress.event("completed", last, "playbook " + playbook.subdomain() + " completed", null);
    }

    /** Ends a {@code --through} run at step {@code i}, whose gate passed: journaled so that the next run goes on from it. */
    private void stopThrough(int i, Reading passed, boolean alreadyWaiting) {
        Step step = playbook.steps().get(i);
        Position at = position(i);
        String again = "run again to go on";
        if (step.approval() == Step.Approval.MANUAL) {
            if (!alreadyWaiting) {
                record(Transition.WAITING_APPROVAL, at, step.id(), Transition.WAITING_APPROVAL, "gate passed; approve with: "
                        + "strangler playbook next " + playbook.subdomain(), numbers(passed, null));
            }
            boolean approved = alreadyWaiting && news(step.id());
            progress.event("stopped", at, "--through " + step.id() + ": gate passed, " + (approved ? "approved"
                    : "waiting for approval (strangler playbook next " + playbook.subdomain() + ")") + "; " + again, null);
        } else if (i == playbook.steps().size() - 1) {
            record(Transition.COMPLETED, at, step.id(), Transition.COMPLETED, "every step passed its gate", numbers(passed, null));
            progress.event("completed", at, "playbook " + playbook.subdomain() + " completed", null);
        } else {
            record(Transition.ABORTED, at, step.id(), Transition.ABORTED, "--through " + step.id()
                    + ": stopped once its gate passed; " + again, numbers(passed, null));
            progress.event("stopped", at, "--through " + step.id() + ": gate passed; " + again, null);
        }
    }

    /** A gate reading that decided something, with its figures. */
    private record Reading(GateNumbers numbers, Verdict verdict) {
        ObjectNode toJson() {
            ObjectNode json = JSON.createObjectNode();
            json.set("gate", verdict.toJson());
            json.set("figures", numbers.toJson());
            return json;
        }
    }

    private Instant enter(int i, String from, Reading previous, boolean reentered) {
        Step step = playbook.steps().get(i);
        Position at = position(i);
        // Last look before flipping: a run that was taken over, or a playbook rolled back by hand since the last reading,
        // must not move the routes (the flip itself is not fenced by the lease; this leaves a window of one round trip).
        news(null);
        ObjectNode applied = apply(i);
        reader.reset();
        String kind = from == null ? Transition.STARTED : Transition.ADVANCED;
        String reason = (reentered ? "re-run after a rollback: " : "") + PlaybookPlan.describe(playbook, step);
        record(kind, at, from, Transition.SOAKING, reason, numbers(previous, applied));
        news(null);
        progress.event(kind, at, reason + (step.soak().isZero() ? "" : "; soak " + RunProgress.duration(step.soak())),
                previous == null ? null : previous.toJson());
        return clock.instant();
    }

    /** Flips every route to step {@code i}'s target, waiting for the fleet; what was sent, per route. */
    private ObjectNode apply(int i) {
        Step step = playbook.steps().get(i);
        JsonNode table = admin.get("/admin/routes").path("table").path("routes");
        ObjectNode applied = JSON.createObjectNode().put("step", step.id()).put("stepIndex", i);
        ObjectNode routes = applied.putObject("routes");
        for (String route : playbook.routes()) {
            ObjectNode body = StepTarget.flip(playbook, step, route, PlaybookPlan.route(table, route));
            routes.set(route, body.deepCopy());
            body.put("reason", "playbook " + playbook.subdomain() + ": step " + step.id());
            JsonNode answer = dev.strangler.cli.routes.RouteFlip.send(admin, route, body, true);
            if (answer.path("fleet").has("allApplied") && !answer.path("fleet").path("allApplied").asBoolean()) {
                progress.event("warning", position(i), "route " + route + ": not every proxy applied epoch "
                        + answer.path("epoch").asLong() + " yet (see strangler status)", null);
            }
        }
        return applied;
    }

    private Reading soakAndGate(int i, Instant since) {
        Step step = playbook.steps().get(i);
        Instant soakEnd = since.plus(step.soak());
        while (true) {
            Reading reading = read(step, !clock.instant().isBefore(soakEnd));
            Duration left = Duration.between(clock.instant(), soakEnd);
            boolean soaking = left.isPositive();
            progress.reading(position(i), soaking ? "soaking" : "gate", soaking ? left : Duration.ZERO, reading.numbers(),
                    reading.verdict());
            news(null);
            switch (reading.verdict().outcome()) {
                case BREACHED -> throw rollBack(i, reading, Transition.SOAKING);
                case BLOCKED -> throw blocked(i, reading);
                case PASSED -> {
                    progress.event("gate-passed", position(i), reading.verdict().checks().isEmpty() ? "no limits"
                            : "every limit held", reading.toJson());
                    return reading;
                }
                case SOAKING, PENDING -> pause(left.isNegative() || left.compareTo(settings.gateInterval()) > 0
                        || reading.verdict().outcome() == Outcome.PENDING ? settings.gateInterval() : left);
            }
        }
    }

    private Reading awaitApproval(int i, Reading passed, boolean alreadyWaiting) {
        Step step = playbook.steps().get(i);
        Position at = position(i);
        String hint = "approve with: strangler playbook next " + playbook.subdomain();
        if (!alreadyWaiting) {
            record(Transition.WAITING_APPROVAL, at, step.id(), Transition.WAITING_APPROVAL, "gate passed; " + hint, numbers(passed, null));
        }
        progress.event(Transition.WAITING_APPROVAL, at, hint, null);
        Reading latest = passed;
        while (true) {
            if (news(step.id())) {
                progress.event(Transition.APPROVED, at, "approved; moving on", null);
                return latest;
            }
            latest = read(step, true);
            progress.reading(at, "waiting for approval", Duration.ZERO, latest.numbers(), latest.verdict());
            if (latest.verdict().outcome() == Outcome.BREACHED) {
                throw rollBack(i, latest, Transition.WAITING_APPROVAL);
            }
            pause(settings.gateInterval());
        }
    }

    private Reading read(Step step, boolean soaked) {
        GateNumbers numbers = reader.read(step);
        return new Reading(numbers, GateEvaluation.evaluate(step.gate(), numbers, settings.minSample(),
                settings.reports().checks(step.gate()), soaked));
    }

    /**
     * What others journaled since this run last looked: true for an approval of {@code approving}. Another run holding
     * the lease (taken over), a rollback or an abort stops this run, and a rollback's targets are applied again (it may
     * have raced with this run's own flips: the rollback by hand wins); another run's move stops this run too.
     */
    private boolean news(String approving) {
        JsonNode now = journal.state(Journal.RECENT).orElse(null);
        if (lease != null) {
            try {
                lease.check(now == null ? null : now.path("runner"));
            } catch (CliFailure e) {
                progress.finish();
                throw e;
            }
        }
        boolean approved = false;
        List<JsonNode> newer = Journal.since(now, checkedId);
        for (JsonNode t : newer) {
            String kind = t.path("kind").asText();
            if (ownIds.contains(t.path("id").asText())) {
                continue;
            }
            if (Transition.APPROVED.equals(kind)) {
                approved |= t.path("step").asText().equals(approving);
                continue;
            }
            progress.finish();
            String who = t.path("actor").asText("someone") + (t.path("reason").isTextual() ? " (" + t.path("reason").asText() + ")" : "");
            if (Transition.ROLLED_BACK.equals(kind) || Transition.ABORTED.equals(kind)) {
                Applied.flipBack(admin, t.path("numbers").path("applied"), "playbook " + playbook.subdomain()
                        + ": a rollback by hand wins over this run");
                throw new CliFailure(ExitCodes.STOPPED, playbook.subdomain() + " was " + kind + " to step "
                        + t.path("step").asText() + " by " + who + "; this run stops");
            }
            throw new CliFailure(ExitCodes.STOPPED, "another run journaled '" + kind + "' at step " + t.path("step").asText()
                    + " by " + who + "; this run stops");
        }
        if (!newer.isEmpty()) {
            checkedId = newer.getLast().path("id").asText();
        }
        return approved;
    }

    private CliFailure rollBack(int i, Reading breach, String state) {
        Step step = playbook.steps().get(i);
        String over = breach.verdict().describe(Check.Status.OVER);
        if (i == 0) {
            record(Transition.GATE_FAILED, position(i), step.id(), Transition.ABORTED, "gate breached: " + over
                    + "; no earlier step to roll back to", breach.toJson());
            return new CliFailure(ExitCodes.GATE_FAILED, "step " + step.id() + "'s gate was breached (" + over
                    + ") and it is the first step: routes left as they are");
        }
        record(Transition.GATE_FAILED, position(i), step.id(), state, "gate breached: " + over, breach.toJson());
        Step back = playbook.steps().get(i - 1);
        ObjectNode applied = apply(i - 1);
        ObjectNode numbers = breach.toJson();
        numbers.set("applied", applied);
        record(Transition.ROLLED_BACK, position(i - 1), step.id(), Transition.ROLLED_BACK,
                "automatic: step " + step.id() + "'s gate was breached: " + over, numbers);
        progress.event(Transition.ROLLED_BACK, position(i - 1), "step " + step.id() + "'s gate was breached (" + over
                + "): routes back on " + PlaybookPlan.describe(playbook, back), breach.toJson());
        return new CliFailure(ExitCodes.GATE_FAILED, "step " + step.id() + "'s gate was breached (" + over
                + "): rolled back to step " + back.id() + "; fix the candidate and run again to retry from " + back.id());
    }

    private CliFailure blocked(int i, Reading reading) {
        Step step = playbook.steps().get(i);
        String failed = reading.verdict().describe(Check.Status.FAILED);
        record(Transition.GATE_FAILED, position(i), step.id(), Transition.ABORTED, "gate can't pass: " + failed, reading.toJson());
        progress.event(Transition.GATE_FAILED, position(i), failed, reading.toJson());
        return new CliFailure(ExitCodes.GATE_FAILED, "step " + step.id() + "'s gate can't pass (" + failed
                + "): stopped, routes left on " + step.id() + "; run again once it can (the soak is not repeated)");
    }

    private void record(String kind, Position at, String from, String state, String reason, JsonNode numbers) {
        Transition transition = new Transition(kind, at.step(), at.index(), at.steps(), from, state, reason, numbers);
        try {
            ownIds.add(journal.record(transition, lease == null ? null : lease.holder()));
        } catch (CliFailure e) {
            if (lease != null && e.httpStatus() == 409) {
                progress.finish();
                throw lease.lostTo(e);
            }
            throw e;
        }
    }

    private static ObjectNode numbers(Reading reading, ObjectNode applied) {
        ObjectNode numbers = reading == null ? JSON.createObjectNode() : reading.toJson();
        if (applied != null) {
            numbers.set("applied", applied);
        }
        return numbers;
    }

    private Position position(int i) {
        return new Position(playbook.subdomain(), playbook.steps().get(i).id(), i, playbook.steps().size());
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(Math.max(1, duration.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCodes.STOPPED, "interrupted; the journal says where the run was: run again to go on");
        }
    }
}
