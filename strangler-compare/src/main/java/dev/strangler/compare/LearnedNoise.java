package dev.strangler.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * Learned noise accumulated per route: each JSON path where legacy differed from itself, with how many
 * legacy-vs-legacy pairs showed it. Array indices are generalised to {@code *} so {@code /items/3/updatedAt}
 * and {@code /items/7/updatedAt} count as one path (a field name made only of digits is generalised too).
 * In memory and thread-safe; persisting it is the caller's business.
 */
public final class LearnedNoise {

    private static final Pattern INDEX = Pattern.compile("/\\d+(?=/|$)");

    private final Map<String, Map<String, LongAdder>> byRoute = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> pairs = new ConcurrentHashMap<>();

    /** Records one legacy-vs-legacy pair's noise (from {@link ResponseComparator#learnNoise}); text lines are not kept. */
    public void record(String routeId, Set<String> noisyPaths) {
        pairs.computeIfAbsent(routeId, r -> new LongAdder()).increment();
        Map<String, LongAdder> counts = byRoute.computeIfAbsent(routeId, r -> new ConcurrentHashMap<>());
        noisyPaths.stream()
                .filter(path -> path.startsWith("/"))
                .map(LearnedNoise::generalise)
                .distinct()
                .forEach(path -> counts.computeIfAbsent(path, p -> new LongAdder()).increment());
    }

    /** How many pairs were recorded for the route. */
    public long pairs(String routeId) {
        LongAdder count = pairs.get(routeId);
        return count == null ? 0 : count.sum();
    }

    /** Each learned path of a route with the number of pairs that showed it, sorted by path. */
    public Map<String, Long> counts(String routeId) {
        Map<String, Long> out = new TreeMap<>();
        byRoute.getOrDefault(routeId, Map.of()).forEach((path, count) -> out.put(path, count.sum()));
        return out;
    }

    /** The paths seen in at least {@code minPairs} pairs, as patterns ready for {@link CompareRules#withIgnored}. */
    public List<PointerPattern> patterns(String routeId, long minPairs) {
        List<PointerPattern> out = new ArrayList<>();
        counts(routeId).forEach((path, count) -> {
            if (count >= minPairs) {
                out.add(PointerPattern.parse(path));
            }
        });
        return out;
    }

    /**
     * The comparison without the differences at paths the route has learned as noise (seen in at least {@code minPairs}
     * pairs): noise learned on some requests of a route is noise on all of them, so a timestamp legacy happened to
     * repeat within one pair (or a request whose second legacy answer was missing) is not blamed on the candidate.
     * A mismatch left with no difference is a match (or skipped, if its body was not compared).
     */
    public Comparison filter(String routeId, Comparison comparison, long minPairs) {
        if (comparison.outcome() != Comparison.Outcome.MISMATCH || minPairs < 1 || pairs(routeId) < minPairs) {
            return comparison;
        }
        List<PointerPattern> learned = patterns(routeId, minPairs);
        List<Difference> left = comparison.mismatches().stream()
                .filter(d -> !d.path().startsWith("/") || learned.stream().noneMatch(p -> p.matches(d.path())))
                .toList();
        int dropped = comparison.mismatches().size() - left.size();
        if (dropped == 0) {
            return comparison;
        }
        int count = comparison.mismatchCount() - dropped;
        Comparison.Outcome outcome = count > 0 ? Comparison.Outcome.MISMATCH
                : comparison.skipReason() != null ? Comparison.Outcome.SKIPPED : Comparison.Outcome.MATCH;
        return new Comparison(outcome, left, count, comparison.expected(), comparison.noise() + dropped,
                comparison.skipReason());
    }

    /** A JSON Pointer with every all-digit segment (an array index) as a star: <code>/items/3/price</code> is <code>/items/&#42;/price</code>. */
    public static String generalise(String pointer) {
        return INDEX.matcher(pointer).replaceAll("/*");
    }
}
