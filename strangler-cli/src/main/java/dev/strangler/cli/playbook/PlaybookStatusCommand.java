package dev.strangler.cli.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strangler.cli.ExitCodes;
import dev.strangler.cli.admin.AdminCall;
import dev.strangler.cli.admin.AdminClient;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strangler playbook status [SUBDOMAIN]}: where every subdomain's playbook stands, or one with its latest transitions. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Without SUBDOMAIN: every subdomain's playbook state (step, state, since, last transition) as a table "
                + "(GET /admin/playbooks). With SUBDOMAIN: its state and latest transitions, newest first, with their reasons "
                + "(GET /admin/playbooks/SUBDOMAIN)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:shown", "2:usage error; the subdomain has no playbook journal",
            "3:the admin API can't be reached or answers an error", "4:the admin API refused the token (401/403)"})
final class PlaybookStatusCommand implements Callable<Integer> {

    private static final String ROW = "%-16s %-18s %-7s %-17s %-21s %s%n";

    @Spec
    CommandSpec spec;

    @Mixin
    AdminCall call;

    @Parameters(arity = "0..1", paramLabel = "SUBDOMAIN", description = "One subdomain, e.g. catalog.")
    String subdomain;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "With SUBDOMAIN: how many transitions, newest first (default: ${DEFAULT-VALUE}, at most 1000).")
    int limit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (AdminClient admin = call.client()) {
            if (subdomain == null) {
                JsonNode all = admin.get("/admin/playbooks");
                if (call.json()) {
                    out.println(all.toPrettyString());
                } else {
                    out.printf(Locale.ROOT, ROW, "SUBDOMAIN", "STEP", "OF", "STATE", "SINCE", "LAST");
                    all.path("playbooks").forEach(s -> row(s, out));
                }
            } else {
                JsonNode one = new Journal(admin, subdomain).require(Math.max(1, Math.min(limit, 1000)),
                        "no playbook ran for it (strangler playbook status lists those that did)");
                if (call.json()) {
                    out.println(one.toPrettyString());
                } else {
                    out.printf(Locale.ROOT, ROW, "SUBDOMAIN", "STEP", "OF", "STATE", "SINCE", "LAST");
                    row(one, out);
                    JsonNode runner = one.path("runner");
                    if (runner.isObject()) {
                        out.printf(Locale.ROOT, "run by %s (%s) since %s%n", runner.path("actor").asText(), runner.path("note").asText(),
                                time(runner.path("since")));
                    }
                    out.println();
                    one.path("transitions").forEach(t -> out.printf(Locale.ROOT, "%-21s %-17s %-18s %-18s %-10s %s%n",
                            time(t.path("at")), t.path("kind").asText(), t.path("step").asText(),
                            t.path("from").isTextual() ? "from " + t.path("from").asText() : "", t.path("actor").asText(),
                            t.path("reason").asText("") + figures(t.path("numbers").path("figures"))));
                }
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The gate figures a transition recorded, e.g. {@code [traffic sample 148, errorRateDelta 0.00%]}; empty without. */
    private static String figures(JsonNode figures) {
        if (!figures.isObject()) {
            return "";
        }
        StringBuilder text = new StringBuilder(" [" + figures.path("source").asText() + " sample " + figures.path("sample").asLong());
        for (String limit : new String[] {"mismatchRate", "errorRateDelta"}) {
            if (figures.path(limit).isNumber()) {
                text.append(", ").append(limit).append(' ').append(GateText.value(limit, figures.path(limit).asDouble()));
            }
        }
        if (figures.path("p99DeltaMs").isNumber()) {
            text.append(", p99Delta ").append(GateText.value("p99DeltaMillis", figures.path("p99DeltaMs").asDouble()));
        }
        return text.append(']').toString();
    }

    /** An instant to the second (the journal keeps nanoseconds), or "-". */
    private static String time(JsonNode instant) {
        if (!instant.isTextual()) {
            return "-";
        }
        try {
            return java.time.Instant.parse(instant.asText()).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        } catch (java.time.format.DateTimeParseException e) {
            return instant.asText();
        }
    }

    private static void row(JsonNode s, PrintWriter out) {
        JsonNode last = s.path("last");
        out.printf(Locale.ROOT, ROW, s.path("subdomain").asText(), s.path("step").asText(),
                (s.path("stepIndex").asInt() + 1) + "/" + s.path("steps").asInt(), s.path("state").asText(),
                time(s.path("since")), last.isMissingNode() || last.isNull() ? "-"
                        : last.path("kind").asText() + " by " + last.path("actor").asText() + " " + time(last.path("at"))
                        + (last.path("reason").isTextual() ? ": " + last.path("reason").asText() : ""));
    }
}
