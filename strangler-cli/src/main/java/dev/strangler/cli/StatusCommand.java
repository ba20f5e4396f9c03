package dev.strangler.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strangler.cli.admin.AdminCall;
import dev.strangler.cli.admin.AdminClient;
import dev.strangler.proxy.route.RouteDefinition;
import dev.strangler.proxy.route.RouteTableCodec;
import dev.strangler.proxy.route.Target;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code strangler status}: where the migration stands, from the admin API: per route its target and the share of
 * traffic on the extracted side, the shadow comparison of a shadowed route, the breakers, and the fleet's epochs.
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Shows per route its target and the share of traffic served by the extracted side (1 extracted, "
                + "a canary's percent / 100, 0 legacy) and the share it did serve since the route's traffic was reset; "
                + "where a route is shadowed, the shadow comparison (match rate, error rates and p99 legacy vs candidate), "
                + "else the two sides' live error rates and p99; every backend's circuit breaker; and the epoch each proxy "
                + "of the fleet applied.",
            "%nReads GET /admin/routes, /admin/shadow, /admin/traffic, /admin/backends and /admin/fleet."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:shown", "2:usage error", "3:the admin API can't be reached or answers an error",
            "4:the admin API refused the token (401/403)"})
public final class StatusCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    AdminCall call;

    @Override
    public Integer call() {
        ObjectNode status = JSON.createObjectNode();
        try (AdminClient admin = call.client()) {
            JsonNode routes = admin.get("/admin/routes");
            Map<String, JsonNode> shadows = new HashMap<>();
            admin.getIfThere("/admin/shadow", 404)
                    .ifPresent(all -> all.path("routes").forEach(s -> shadows.put(s.path("route").asText(), s)));
            Map<String, JsonNode> traffic = new HashMap<>();
            admin.getIfThere("/admin/traffic", 404)
                    .ifPresent(all -> all.path("routes").forEach(t -> traffic.put(t.path("route").asText(), t)));
            status.put("epoch", routes.path("epoch").asLong());
            ArrayNode rows = status.putArray("routes");
            for (RouteDefinition route : RouteTableCodec.fromTree(routes.path("table")).routes()) {
                ObjectNode row = rows.addObject().put("id", route.id()).put("target", describe(route.target()));
                Double share = extractedShare(route.target());
                row.put("extractedShare", share);
                Optional.ofNullable(shadows.get(route.id())).ifPresent(s -> row.set("shadow", s));
                Optional.ofNullable(traffic.get(route.id())).ifPresent(t -> {
                    row.set("traffic", t);
                    servedShare(t).ifPresent(served -> row.put("servedShare", served));
                });
            }
            status.set("backends", admin.get("/admin/backends").path("backends"));
            admin.getIfThere("/admin/fleet", 409).ifPresent(fleet -> status.set("fleet", fleet));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (call.json()) {
            out.println(status.toPrettyString());
        } else {
            print(status, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** The share of the route's traffic the extracted side serves; null for a direct answer. */
    static Double extractedShare(Target target) {
        return switch (target) {
            case Target.Legacy l -> 0.0;
            case Target.Extracted e -> 1.0;
            case Target.Canary c -> c.percent() / 100.0;
            case Target.Shadow s -> "legacy".equals(s.primary()) ? 0.0 : 1.0;
            case Target.Direct d -> null;
        };
    }

    /** The share of the route's requests the extracted side served since its traffic's reset; none without requests. */
    static Optional<Double> servedShare(JsonNode traffic) {
        long legacy = traffic.path("legacy").path("requests").asLong();
        long extracted = traffic.path("extracted").path("requests").asLong();
        return legacy + extracted == 0 ? Optional.empty() : Optional.of((double) extracted / (legacy + extracted));
    }

    private static String describe(Target target) {
        return switch (target) {
            case Target.Legacy l -> "legacy";
            case Target.Extracted e -> "extracted " + e.backend();
            case Target.Canary c -> "canary " + c.backend() + " " + c.percent() + "%";
            case Target.Shadow s -> "shadow " + s.candidate() + " " + s.percent() + "% (serving " + s.primary() + ")";
            case Target.Direct d -> "direct " + d.status();
        };
    }

    private static void print(JsonNode status, PrintWriter out) {
        out.println("route table epoch " + status.path("epoch").asLong());
        out.printf(Locale.ROOT, "%-24s %-40s %9s %7s %7s %15s %17s%n", "ROUTE", "TARGET", "EXTRACTED", "SERVED", "MATCH",
                "ERRORS leg/ext", "P99 ms leg/ext");
        for (JsonNode row : status.path("routes")) {
            JsonNode shadow = row.path("shadow");
            // A shadowed route compares legacy with its candidate's copies; any other, the two sides' live traffic.
            JsonNode legacy = shadow.isMissingNode() ? row.path("traffic").path("legacy") : shadow.path("legacy");
            JsonNode extracted = shadow.isMissingNode() ? row.path("traffic").path("extracted") : shadow.path("candidate");
            out.printf(Locale.ROOT, "%-24s %-40s %9s %7s %7s %15s %17s%n", row.path("id").asText(), row.path("target").asText(),
                    percent(row.path("extractedShare")), percent(row.path("servedShare")), percent(shadow.path("matchRate")),
                    pair(percent(legacy.path("errorRate")), percent(extracted.path("errorRate"))),
                    pair(number(legacy.path("p99Ms")), number(extracted.path("p99Ms"))));
        }
        out.println();
        out.printf(Locale.ROOT, "%-24s %s%n", "BACKEND", "BREAKER");
        status.path("backends").forEach(b -> out.printf(Locale.ROOT, "%-24s %s%n", b.path("name").asText(),
                b.path("breaker").path("state").asText("-")));
        JsonNode fleet = status.path("fleet");
        out.println();
        if (fleet.isMissingNode()) {
            out.println("fleet: routes come from a file, no fleet epochs");
            return;
        }
        out.println("fleet: epoch " + fleet.path("epoch").asLong() + ", " + fleet.path("instances").size() + " proxies, "
                + (fleet.path("allApplied").asBoolean() ? "all applied it" : "NOT all applied it"));
        fleet.path("instances").forEach(i -> out.printf(Locale.ROOT, "  %-30s epoch %s%s%n", i.path("id").asText(),
                i.path("appliedEpoch").asText("-"), i.path("stale").asBoolean() ? " (stale)" : ""));
    }

    private static String percent(JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, "%.1f%%", value.asDouble() * 100) : "-";
    }

    private static String number(JsonNode value) {
        return value.isNumber() ? String.format(Locale.ROOT, "%.0f", value.asDouble()) : "-";
    }

    private static String pair(String legacy, String candidate) {
        return legacy.equals("-") && candidate.equals("-") ? "-" : legacy + "/" + candidate;
    }
}
