package dev.strangler.cli.replay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cuts a capture into units replayed one after another: a recorded session's requests in file order, or one
 * request without a session alone. Units are ordered by their first line, so an unpaced replay starts in the
 * recorded order too.
 */
final class ReplayPlan {

    private ReplayPlan() {}

    /** The units, keeping only {@code routes} when it is not empty. */
    static List<List<Recorded>> units(List<Recorded> records, Set<String> routes) {
        Map<String, List<Recorded>> sessions = new LinkedHashMap<>();
        List<List<Recorded>> units = new ArrayList<>();
        for (Recorded record : records) {
            if (!routes.isEmpty() && !routes.contains(record.exchange().route())) {
                continue;
            }
            String session = record.exchange().session();
            if (session == null) {
                units.add(new ArrayList<>(List.of(record)));
            } else {
                // A session's list joins the units when its first request is seen: units stay in first-line order.
                sessions.computeIfAbsent(session, s -> {
                    List<Recorded> unit = new ArrayList<>();
                    units.add(unit);
                    return unit;
                }).add(record);
            }
        }
        return units.stream().map(List::copyOf).toList();
    }
}
