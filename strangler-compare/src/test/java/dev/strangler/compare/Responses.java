package dev.strangler.compare;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Builds responses for tests. */
final class Responses {

    private Responses() {}

    static Response json(String body) {
        return json(200, body);
    }

    static Response json(int status, String body) {
        return of(status, "application/json", body);
    }

    static Response of(int status, String contentType, String body) {
        return Response.of(status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
    }

    static Comparison compare(CompareRules rules, Response legacy, Response candidate) {
        return new ResponseComparator(rules).compare(legacy, candidate);
    }

    static Comparison compareJson(CompareRules rules, String legacy, String candidate) {
        return compare(rules, json(legacy), json(candidate));
    }

    static CompareRules rules(String yaml) {
        return CompareRulesReader.readRules(yaml);
    }
}
