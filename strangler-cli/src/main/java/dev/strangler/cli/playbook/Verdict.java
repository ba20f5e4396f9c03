package dev.strangler.cli.playbook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a gate reading decided, with every limit's {@link Check}.
 *
 * @param outcome what happens next
 * @param checks  every limit the gate sets, in the gate's order
 */
record Verdict(Outcome outcome, List<Check> checks) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a reading means for the run. */
    enum Outcome {
        /** Still soaking and nothing breached. */
        SOAKING,
        /** A live limit is over with enough samples: roll back now. */
        BREACHED,
        /** Soaked, but a report the gate needs says no: stop, routes unchanged. */
        BLOCKED,
        /** Soaked, but some limit can't be judged yet (too few samples): keep reading. */
        PENDING,
        /** Soaked and every limit held: the step may be left. */
        PASSED
    }

    Verdict {
        checks = List.copyOf(checks);
    }

    /** The checks with this status, as one line, e.g. {@code maxErrorRateDelta 0.12 > 0.01}. */
    String describe(Check.Status status) {
        return checks.stream().filter(c -> c.status() == status)
                .map(c -> c.value() == null && c.max() == null ? c.limit() + ": " + c.note()
                        : c.limit() + " " + GateText.value(c.limit(), c.value()) + (status == Check.Status.OVER ? " > " : " vs ")
                        + GateText.value(c.limit(), c.max()) + (c.note() == null ? "" : " (" + c.note() + ")"))
                .collect(Collectors.joining("; "));
    }

    ObjectNode toJson() {
        ObjectNode json = JSON.createObjectNode().put("outcome", outcome.name().toLowerCase(Locale.ROOT));
        checks.forEach(c -> json.withArray("checks").add(c.toJson()));
        return json;
    }
}
