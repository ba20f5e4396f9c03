package dev.strangler.cli.report;

import dev.strangler.cli.replay.ReplayOptions;
import dev.strangler.cli.replay.ReplayResult;
import dev.strangler.cli.replay.ReplayResult.Status;
import dev.strangler.compare.LearnedNoise;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a replay found, as the terminal summary, the JSON result and the HTML report show it.
 *
 * @param capture         the capture file replayed
 * @param legacy          legacy's base URL
 * @param candidate       the candidate's base URL
 * @param startedAt       when the replay started (ISO-8601)
 * @param seconds         how long it took
 * @param totals          every route together
 * @param mismatchRate    (mismatched + errors) / (compared + errors); 0 when nothing was sent
 * @param maxMismatchRate the gate
 * @param passed          the mismatch rate is within the gate
 * @param routes          per route, by route id
 * @param skipped         lines skipped, by reason, most first
 * @param mismatched      every mismatched line with its differences
 * @param errors          every line a side failed on, with the side and why
 */
public record ReplayReport(String capture, String legacy, String candidate, String startedAt, double seconds,
                           Totals totals, double mismatchRate, double maxMismatchRate, boolean passed,
                           List<RouteReport> routes, List<Count> skipped, List<ReplayResult> mismatched,
                           List<ReplayResult> errors) {

    /** How many lines ended how: compared = matched + mismatched. */
    public record Totals(long requests, long compared, long matched, long mismatched, long skipped, long errors) {

        static Totals of(List<ReplayResult> results) {
            Map<Status, Long> by = results.stream().collect(Collectors.groupingBy(ReplayResult::status, Collectors.counting()));
            long matched = by.getOrDefault(Status.MATCHED, 0L);
            long mismatched = by.getOrDefault(Status.MISMATCHED, 0L);
            return new Totals(results.size(), matched + mismatched, matched, mismatched,
                    by.getOrDefault(Status.SKIPPED, 0L), by.getOrDefault(Status.ERROR, 0L));
        }

        /** Matched share of the compared, in percent; null when none was compared. */
        public Double matchPercent() {
            return compared == 0 ? null : 100.0 * matched / compared;
        }
    }

    /** A name (a reason, a path) and how many times it was seen. */
    public record Count(String name, long count) {}

    /**
     * One route's figures.
     *
     * @param noisePairs   legacy-vs-legacy pairs compared for noise learning
     * @param learnedNoise the JSON paths where legacy differed from itself, with the number of pairs that showed it
     * @param matchedByLearnedNoise matches that differed only where legacy differed from itself in other requests
     */
    public record RouteReport(String route, Totals totals, Latency legacy, Latency candidate,
                              List<DifferingPath> differingPaths, long noisePairs, List<Count> learnedNoise,
                              long matchedByLearnedNoise) {}

    /** Percentiles of one side's answer times in milliseconds (nearest rank); null without samples. */
    public record Latency(long samples, Double p50, Double p99) {

        static Latency of(List<Double> millis) {
            List<Double> sorted = millis.stream().filter(m -> m >= 0).sorted().toList();
            return new Latency(sorted.size(), rank(sorted, 0.50), rank(sorted, 0.99));
        }

        private static Double rank(List<Double> sorted, double p) {
            return sorted.isEmpty() ? null : sorted.get((int) Math.max(0, Math.ceil(p * sorted.size()) - 1));
        }
    }

    /** A path (array indices generalised to {@code *}) where the candidate differs, with example lines. */
    public record DifferingPath(String path, String kind, long count, List<Example> examples) {}

    /** One line where a path differs, with both values. */
    public record Example(int line, String method, String uri, String path, String legacy, String candidate) {}

    /** Reasons are counted together whatever sizes they name ("body of N bytes is over the cap of N"). */
    private static final Pattern SIZES = Pattern.compile("\\d+");
    static final int TOP_PATHS = 10;
    static final int EXAMPLES_PER_PATH = 3;

    public static ReplayReport of(ReplayOptions options, Instant started, Instant ended, List<ReplayResult> results,
                                  LearnedNoise noise) {
        Totals totals = Totals.of(results);
        long sent = totals.compared() + totals.errors();
        double rate = sent == 0 ? 0 : (double) (totals.mismatched() + totals.errors()) / sent;
        Map<String, List<ReplayResult>> byRoute = results.stream()
                .collect(Collectors.groupingBy(ReplayResult::route, TreeMap::new, Collectors.toList()));
        List<RouteReport> routes = new ArrayList<>();
        byRoute.forEach((route, lines) -> routes.add(route(route, lines, noise)));
        List<Count> skipped = counts(results.stream().filter(r -> r.status() == Status.SKIPPED).toList(),
                r -> SIZES.matcher(r.reason()).replaceAll("N"));
        return new ReplayReport(options.capture().toString(), options.legacy().toString(),
                options.candidate().toString(), started.toString(), Duration.between(started, ended).toMillis() / 1000.0,
                totals, rate, options.maxMismatchRate(), rate <= options.maxMismatchRate(), routes, skipped,
                results.stream().filter(r -> r.status() == Status.MISMATCHED).toList(),
                results.stream().filter(r -> r.status() == Status.ERROR).toList());
    }

    private static RouteReport route(String route, List<ReplayResult> lines, LearnedNoise noise) {
        Totals totals = Totals.of(lines);
        List<Count> learned = noise.counts(route).entrySet().stream()
                .map(e -> new Count(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(Count::count).reversed().thenComparing(Count::name))
                .toList();
        return new RouteReport(route, totals,
                Latency.of(lines.stream().map(ReplayResult::legacyMs).toList()),
                Latency.of(lines.stream().map(ReplayResult::candidateMs).toList()),
                differingPaths(lines), noise.pairs(route), learned,
                lines.stream().filter(r -> ReplayResult.MATCHED_BY_ROUTE_NOISE.equals(r.reason())).count());
    }

    private static List<DifferingPath> differingPaths(List<ReplayResult> lines) {
        Map<String, List<Example>> byPath = new TreeMap<>();
        Map<String, String> kinds = new TreeMap<>();
        for (ReplayResult line : lines) {
            line.differences().forEach(d -> {
                String path = generalise(d.path());
                kinds.putIfAbsent(path, d.kind().name());
                byPath.computeIfAbsent(path, p -> new ArrayList<>()).add(new Example(line.line(), line.method(),
                        line.uri(), d.path(), d.legacy(), d.candidate()));
            });
        }
        return byPath.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, List<Example>> e) -> e.getValue().size()).reversed()
                        .thenComparing(Map.Entry::getKey))
                .limit(TOP_PATHS)
                .map(e -> new DifferingPath(e.getKey(), kinds.get(e.getKey()), e.getValue().size(),
                        e.getValue().stream().limit(EXAMPLES_PER_PATH).toList()))
                .toList();
    }

    /** {@code /items/3/price} and {@code /items/7/price} are one differing path, {@code /items/*}{@code /price}. */
    static String generalise(String path) {
        return path.startsWith("/") ? path.replaceAll("/\\d+(?=/|$)", "/*") : path;
    }

    private static List<Count> counts(List<ReplayResult> results, Function<ReplayResult, String> key) {
        return results.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()))
                .entrySet().stream().map(e -> new Count(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingLong(Count::count).reversed().thenComparing(Count::name))
                .toList();
    }
}
