package dev.strangler.cli.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.strangler.cli.ExitCodes;
import dev.strangler.cli.admin.AdminCall;
import dev.strangler.cli.admin.AdminClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strangler routes flip ID TARGET}: one route's new target, or a canary's or shadow's new share. */
@Command(name = "flip", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Changes one route's target (POST /admin/routes/ID/flip).",
            "%nTARGET is written as in a route table, e.g. legacy, '{extracted: catalog}' or "
                    + "'{\"canary\": {\"backend\": \"catalog\", \"percent\": 5}}'. Without TARGET, --percent changes the "
                    + "share of a canary or shadow route and keeps the rest."})
final class FlipCommand implements Callable<Integer> {

    private static final YAMLMapper YAML = new YAMLMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    AdminCall call;

    @Mixin
    Change change;

    @Parameters(index = "0", paramLabel = "ID", description = "The route's id.")
    String id;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TARGET", description = "The new target, as in a route table (YAML or JSON).")
    String target;

    @Option(names = "--percent", paramLabel = "N", description = "Without TARGET: the new share (0-100) of a canary or shadow route.")
    Integer percent;

    @Option(names = "--shadow", paramLabel = "JSON",
            description = "With a shadow TARGET: the route's shadow block, e.g. '{\"sandbox\": true}'.")
    String shadow;

    @Override
    public Integer call() {
        if ((target == null) == (percent == null)) {
            throw new ParameterException(spec.commandLine(), "give TARGET or --percent N (a canary's percent in TARGET goes inside it)");
        }
        ObjectNode body = YAML.createObjectNode();
        if (target != null) {
            body.set("target", parse("TARGET", target));
        } else {
            body.put("percent", percent);
        }
        if (shadow != null) {
            body.set("shadow", parse("--shadow", shadow));
        }
        if (change.reason != null) {
            body.put("reason", change.reason);
        }
        try (AdminClient admin = call.client()) {
            Change.print(RouteFlip.send(admin, id, body, change.waitForFleet), call.json(), spec.commandLine().getOut());
        }
        return ExitCodes.OK;
    }

    /** YAML reads JSON too, and a bare word such as {@code legacy} as text. */
    private JsonNode parse(String what, String text) {
        try {
            return YAML.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ParameterException(spec.commandLine(), what + " is neither YAML nor JSON: " + e.getOriginalMessage());
        }
    }
}
