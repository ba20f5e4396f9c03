package dev.strangler.cli.replay;

import dev.strangler.cli.replay.ReplayResult.Status;
import dev.strangler.compare.CompareRulesFile;
import dev.strangler.compare.Comparison;
import dev.strangler.compare.Exchange;
import dev.strangler.compare.LearnedNoise;
import dev.strangler.compare.ResponseComparator;
import dev.strangler.compare.capture.CapturedExchange;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Replays units (a session's requests in order, or a lone request) with at most {@code concurrency} units at once.
 * Each request goes to legacy, legacy again and the candidate one after another, each side of a unit with its own
 * cookie jar, and is compared with its route's rules; what legacy changes by itself is learned noise.
 */
final class Replayer {

    /** Every line's result, in line order, and the noise learned per route. */
    record Run(List<ReplayResult> results, LearnedNoise noise) {}

    static final String UNSAFE = "unsafe request (replayed only with --allow-writes)";
    static final String TRUNCATED = "request body truncated in the capture";

    private final ReplayOptions options;
    private final CompareRulesFile rules;
    private final Progress progress;
    private final SideTrouble trouble;
    /** The progress journal, or null when the run writes no JSON result. */
    private final ReplayJournal journal;
    private final Map<String, ResponseComparator> comparators = new ConcurrentHashMap<>();
    private final LearnedNoise noise = new LearnedNoise();
    private final Queue<ReplayResult> results = new ConcurrentLinkedQueue<>();

    Replayer(ReplayOptions options, CompareRulesFile rules, Progress progress, SideTrouble trouble, ReplayJournal journal) {
        this.options = options;
        this.rules = rules;
        this.progress = progress;
        this.trouble = trouble;
        this.journal = journal;
    }

    /** A line's result and the noise legacy showed on it (null when it was not sent to all three). */
    private record Outcome(ReplayResult result, Set<String> noise) {}

    Run run(List<List<Recorded>> units) {
        Instant first = units.stream().flatMap(List::stream).map(r -> r.exchange().at())
                .min(Comparator.naturalOrder()).orElse(Instant.EPOCH);
        Pacer pacer = new Pacer(options.pacing(), first);
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(options.timeout()).build();
             ExecutorService pool = Executors.newFixedThreadPool(options.concurrency(),
                     Thread.ofPlatform().name("replay-", 1).daemon().factory())) {
            PatientSide client = new PatientSide(new SideClient(http, options.timeout(), options.sandboxHeaders()),
                    options.sideDownTimeout(), trouble);
            List<Future<?>> running = new ArrayList<>();
            for (List<Recorded> unit : units) {
                running.add(pool.submit(() -> replayUnit(unit, client, pacer)));
            }
            for (Future<?> unit : running) {
                unit.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a replay worker failed", e.getCause());
        } finally {
            progress.finish();
        }
        List<ReplayResult> ordered = new ArrayList<>(results);
        ordered.sort(Comparator.comparingInt(ReplayResult::line));
        return new Run(ordered, noise);
    }

    private void replayUnit(List<Recorded> unit, PatientSide client, Pacer pacer) {
        // One jar per side: legacy's second pass is a session of its own, so legacy sees each request twice alike.
        CookieManager legacyJar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        CookieManager againJar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        CookieManager candidateJar = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        Map<String, CookieManager> jars = Map.of("legacy", legacyJar, "legacy-again", againJar, "candidate", candidateJar);
        for (Recorded recorded : unit) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            ReplayJournal.Entry done = journal == null ? null : journal.done(recorded.line());
            Outcome outcome;
            if (done != null) {
                // An earlier run did this line: its result and noise as they were, its session's cookies back in the jars.
                outcome = new Outcome(done.result(), done.noise());
                ReplayJournal.restore(done, jars);
            } else {
                outcome = replayOne(recorded, client, pacer, legacyJar, againJar, candidateJar);
                if (journal != null) {
                    journal.record(outcome.result(), outcome.noise(), jars);
                }
            }
            if (outcome.noise() != null) {
                noise.record(recorded.exchange().route(), outcome.noise());
            }
            results.add(outcome.result());
            progress.step(outcome.result().status());
        }
    }

    private Outcome replayOne(Recorded recorded, PatientSide client, Pacer pacer, CookieManager legacyJar,
                              CookieManager againJar, CookieManager candidateJar) {
        CapturedExchange exchange = recorded.exchange();
        if (exchange.request().bodyTruncated()) {
            return new Outcome(ReplayResult.notSent(recorded, Status.SKIPPED, TRUNCATED), null);
        }
        if (exchange.unsafe() && !options.allowWrites()) {
            return new Outcome(ReplayResult.notSent(recorded, Status.SKIPPED, UNSAFE), null);
        }
        String side = "legacy";
        try {
            pacer.awaitTurn(exchange.at());
            long cap = rules.forRoute(exchange.route()).maxBodyBytes();
            SideClient.Timed legacy = client.send(options.legacy(), exchange.request(), legacyJar, cap,
                    ReplayKeys.of(recorded, ReplayKeys.Pass.LEGACY));
            side = "legacy (again)";
            SideClient.Timed again = client.send(options.legacy(), exchange.request(), againJar, cap,
                    ReplayKeys.of(recorded, ReplayKeys.Pass.LEGACY_AGAIN));
            side = "candidate";
            SideClient.Timed candidate = client.send(options.candidate(), exchange.request(), candidateJar, cap,
                    ReplayKeys.of(recorded, ReplayKeys.Pass.CANDIDATE));
            ResponseComparator comparator = comparators.computeIfAbsent(exchange.route(),
                    route -> new ResponseComparator(rules.forRoute(route)));
            Set<String> learned = comparator.learnNoise(legacy.response(), again.response());
            Comparison comparison = comparator.compare(Exchange.withLegacyAgain(exchange.route(), legacy.response(),
                    again.response(), candidate.response()));
            return new Outcome(result(recorded, comparison, legacy.millis(), candidate.millis()), learned);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(ReplayResult.notSent(recorded, Status.ERROR, "interrupted"), null);
        } catch (IOException | IllegalArgumentException e) {
            // One side down for longer than --side-down-timeout, or a request the client refuses, is this line's
            // error; the replay goes on.
            return new Outcome(ReplayResult.notSent(recorded, Status.ERROR, side + ": " + describe(e)), null);
        }
    }

    private static ReplayResult result(Recorded recorded, Comparison comparison, double legacyMs, double candidateMs) {
        Status status = switch (comparison.outcome()) {
            case MATCH -> Status.MATCHED;
            case MISMATCH -> Status.MISMATCHED;
            case SKIPPED -> Status.SKIPPED;
        };
        String reason = comparison.skipReason() == null ? null : "body not compared: " + comparison.skipReason();
        var request = recorded.exchange().request();
        return new ReplayResult(recorded.line(), recorded.exchange().route(), request.method(), request.uri(),
                recorded.exchange().session(), status, reason, comparison.mismatches(), comparison.mismatchCount(),
                legacyMs, candidateMs);
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        String kind = e.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : kind + " (" + message + ")";
    }
}
