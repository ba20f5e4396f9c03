package dev.strangler.proxy.route;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Turns a {@link RouteTableDefinition} into the tree {@link RouteTableReader} reads back, leaving defaults out. */
final class RouteTableWriter {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private RouteTableWriter() {}

  static ObjectNode write(RouteTableDefinition table) {
    ObjectNode root = F.objectNode().put("apiVersion", table.apiVersion());
    ObjectNode backends = root.putObject("backends");
    table.backends().forEach((name, b) -> {
      ObjectNode node = backends.putObject(name);
      if (!b.urls().isEmpty()) {
        b.urls().forEach(u -> node.withArray("urls").add(u.toString()));
      }
      if (b.service() != null) {
        node.put("service", b.service());
      }
      if (b.allowRestrictedAddress()) {
        node.put("allowRestrictedAddress", true);
      }
      if (b.maxInFlight() != null) {
        node.put("maxInFlight", b.maxInFlight());
      }
    });
    table.routes().forEach(r -> root.withArray("routes").add(route(r)));
    table.cacheInvalidation().forEach(rule -> {
      ObjectNode n = root.withArray("cacheInvalidation").addObject().put("stream", rule.stream());
      if (rule.type() != null) {
        n.put("type", rule.type());
      }
      n.put("tag", rule.tag());
    });
    return root;
  }

  static ObjectNode route(RouteDefinition r) {
    ObjectNode node = F.objectNode().put("id", r.id());
    if (r.priority() != null) {
      node.put("priority", r.priority());
    }
    ObjectNode match = match(r.match());
    if (!match.isEmpty()) {
      node.set("match", match);
    }
    node.set("target", target(r.target()));
    RouteOptions o = r.options();
    if (o.connectTimeout() != null || o.responseTimeout() != null) {
      ObjectNode t = node.putObject("timeouts");
      if (o.connectTimeout() != null) {
        t.put("connect", Durations.render(o.connectTimeout()));
      }
      if (o.responseTimeout() != null) {
        t.put("response", Durations.render(o.responseTimeout()));
      }
    }
    if (o.sideEffect() != null) {
      node.put("sideEffect", o.sideEffect().name().toLowerCase(java.util.Locale.ROOT));
    }
    if (o.fallbackToLegacy()) {
      node.put("fallbackToLegacy", true);
    }
    if (o.stripPrefix() != null || o.addPrefix() != null) {
      ObjectNode rw = node.putObject("rewrite");
      if (o.stripPrefix() != null) {
        rw.put("stripPrefix", o.stripPrefix());
      }
      if (o.addPrefix() != null) {
        rw.put("addPrefix", o.addPrefix());
      }
    }
    headerChanges(node, "requestHeaders", o.requestHeaders());
    headerChanges(node, "responseHeaders", o.responseHeaders());
    if (o.maxBodyBytes() != null) {
      node.put("maxBody", Sizes.render(o.maxBodyBytes()));
    }
    if (o.holdAnswerBytes() != null) {
      node.put("holdAnswer", Sizes.render(o.holdAnswerBytes()));
    }
    if (o.requireSession()) {
      node.put("requireSession", true);
    }
    if (o.cache() != null) {
      cache(node.putObject("cache"), o.cache());
    }
    if (o.rateLimit() != null) {
      RateLimitPolicy l = o.rateLimit();
      node.putObject("rateLimit").put("rate", l.rate().render()).put("burst", l.burst()).put("key", l.key().render())
          .put("onRedisDown", l.onRedisDown().render());
    }
    if (o.capture() != null) {
      capture(node.putObject("capture"), o.capture());
    }
    if (o.shadow() != null) {
      ShadowPolicy sh = o.shadow();
      ObjectNode shadow = node.putObject("shadow").put("maxBody", Sizes.render(sh.maxBodyBytes()))
          .put("maxInFlight", sh.maxInFlight()).put("timeout", Durations.render(sh.timeout())).put("learnNoise", sh.learnNoise());
      sh.redact().forEach(p -> shadow.withArray("redact").add(p.text()));
      if (sh.sandbox()) {
        shadow.put("sandbox", true);
      }
      sh.sandboxSession().forEach(name -> shadow.withArray("sandboxSession").add(name));
    }
    if (o.idempotency() != null) {
      IdempotencyPolicy i = o.idempotency();
      node.putObject("idempotency").put("mode", i.mode().render()).put("header", i.header())
          .put("ttl", Durations.render(i.ttl())).put("maxBody", Sizes.render(i.maxBodyBytes()));
    }
    return node;
  }

  private static void cache(ObjectNode node, CachePolicy c) {
    node.put("ttl", Durations.render(c.ttl()));
    c.vary().forEach(h -> node.withArray("vary").add(h));
    if (c.userScoped()) {
      node.put("userScoped", true);
    }
    c.tags().forEach(t -> node.withArray("tags").add(t));
    if (!c.keep().isZero()) {
      node.put("keep", Durations.render(c.keep()));
    }
    if (!c.staleIfError().isZero()) {
      node.put("staleIfError", Durations.render(c.staleIfError()));
    }
  }

  private static void capture(ObjectNode node, CapturePolicy c) {
    if (c.percent() == Math.rint(c.percent())) {
      node.put("percent", (long) c.percent());
    } else {
      node.put("percent", c.percent());
    }
    node.put("maxBody", Sizes.render(c.maxBodyBytes()));
    if (c.sample() != CapturePolicy.Sampling.REQUEST) {
      node.put("sample", c.sample().render());
    }
    c.redact().forEach(p -> node.withArray("redact").add(p.text()));
  }

  private static ObjectNode match(Match m) {
    ObjectNode node = F.objectNode();
    if (m.path() != null) {
      node.put("path", m.path());
    }
    m.methods().forEach(x -> node.withArray("methods").add(x));
    map(node, "headers", m.headers());
    map(node, "cookies", m.cookies());
    map(node, "query", m.query());
    if (m.host() != null) {
      node.put("host", m.host());
    }
    return node;
  }

  static JsonNode target(Target target) {
    return switch (target) {
      case Target.Legacy l -> F.textNode("legacy");
      case Target.Extracted e -> F.objectNode().put("extracted", e.backend());
      case Target.Canary c -> {
        ObjectNode n = F.objectNode();
        n.putObject("canary").put("backend", c.backend()).put("percent", c.percent()).put("cohort", c.cohort().render());
        yield n;
      }
      case Target.Shadow s -> {
        ObjectNode n = F.objectNode();
        n.putObject("shadow").put("primary", s.primary()).put("candidate", s.candidate()).put("percent", s.percent());
        yield n;
      }
      case Target.Direct d -> {
        ObjectNode n = F.objectNode();
        n.putObject("direct").put("status", d.status()).put("contentType", d.contentType()).put("body", d.body());
        yield n;
      }
    };
  }

  private static void headerChanges(ObjectNode node, String field, RouteOptions.HeaderChanges changes) {
    if (changes.isEmpty()) {
      return;
    }
    ObjectNode n = node.putObject(field);
    map(n, "set", changes.set());
    changes.remove().forEach(h -> n.withArray("remove").add(h));
  }

  private static void map(ObjectNode node, String field, Map<String, String> values) {
    if (!values.isEmpty()) {
      ObjectNode n = node.putObject(field);
      values.forEach(n::put);
    }
  }
}
