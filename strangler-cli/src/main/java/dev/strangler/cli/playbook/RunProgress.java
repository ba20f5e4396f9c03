package dev.strangler.cli.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strangler.cli.playbook.Check.Status;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What {@code playbook run} tells: each event (a step entered, a gate passed, waiting for approval, a rollback) as a
 * line on stdout, and each gate reading (the step, the soak left, the figures against the limits) on stderr, redrawn
 * in place at a terminal, else a line whenever the outcome changes and at least every {@link #LOG_EVERY}. With
 * {@code --json} both are JSON lines on stdout.
 */
final class RunProgress {

    /** How often a reading is written out when stderr is not a terminal and nothing changed. */
    static final Duration LOG_EVERY = Duration.ofMinutes(1);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean inPlace;
    private final Clock clock;
    private Verdict.Outcome lastOutcome;
    private Instant lastLogged = Instant.MIN;
    private boolean lineOpen;

    RunProgress(PrintWriter out, PrintWriter err, boolean json, boolean inPlace, Clock clock) {
        this.out = out;
        this.err = err;
        this.json = json;
        this.inPlace = inPlace;
        this.clock = clock;
    }

    /** A line about the run: {@code kind} as the journal names it (or {@code resumed}, {@code plan}), and what happened. */
    synchronized void event(String kind, Position at, String text, JsonNode numbers) {
        if (json) {
            ObjectNode line = at.toJson().put("event", kind).put("message", text);
            if (numbers != null) {
                line.set("numbers", numbers);
            }
            out.println(line);
        } else {
            endLine();
            out.println(at + " " + kind + ": " + text);
        }
        out.flush();
        lastOutcome = null;
    }

    /** One gate reading; {@code soakLeft} zero once soaked. */
    synchronized void reading(Position at, String phase, Duration soakLeft, GateNumbers numbers, Verdict verdict) {
        if (json) {
            ObjectNode line = at.toJson().put("event", "reading").put("phase", phase).put("soakLeftSeconds", soakLeft.toSeconds());
            line.set("figures", numbers.toJson().without("routes"));
            line.set("gate", verdict.toJson());
            out.println(line);
            out.flush();
            return;
        }
        String text = at + " " + phase + (soakLeft.isZero() ? "" : " " + duration(soakLeft) + " left") + " | " + numbers.source()
                + " sample " + numbers.sample() + " | " + (verdict.checks().isEmpty() ? "no limits" : verdict.checks().stream()
                .map(RunProgress::check).collect(Collectors.joining(" | "))) + " => " + verdict.outcome().name().toLowerCase(Locale.ROOT);
        Instant now = clock.instant();
        if (inPlace) {
            err.print("\r\033[K" + text);
            lineOpen = true;
        } else if (verdict.outcome() != lastOutcome || !now.isBefore(lastLogged.plus(LOG_EVERY))) {
            err.println(text);
            lastLogged = now;
        }
        lastOutcome = verdict.outcome();
        err.flush();
    }

    synchronized void finish() {
        endLine();
    }

    private void endLine() {
        if (lineOpen) {
            err.println();
            err.flush();
            lineOpen = false;
        }
    }

    private static String check(Check c) {
        String sign = switch (c.status()) {
            case HELD -> "ok";
            case OVER -> "OVER";
            case WAITING -> "waiting";
            case FAILED -> "FAILED";
            case NOT_CHECKED -> "not checked";
        };
        String figures = c.value() == null && c.max() == null ? "" : " " + GateText.value(c.limit(), c.value())
                + (c.limit().startsWith("min") ? " of " : " max ") + GateText.value(c.limit(), c.max());
        boolean explain = c.note() != null && c.status() != Status.HELD && c.status() != Status.OVER;
        return c.limit() + figures + " " + sign + (explain ? " (" + c.note() + ")" : "");
    }

    static String duration(Duration d) {
        long s = d.toSeconds();
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60)
                : String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
