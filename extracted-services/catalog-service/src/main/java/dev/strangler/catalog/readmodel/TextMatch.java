package dev.strangler.catalog.readmodel;

import dev.strangler.catalog.search.Substrings;
import dev.strangler.catalog.search.TsQuery;
import dev.strangler.catalog.search.TsVector;
import dev.strangler.catalog.search.WebSearch;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * The monolith's text condition, {@code search @@ websearch_to_tsquery('english', q) OR name ILIKE
 * %q% OR sku ILIKE %q%}, as Redis set operations into a scratch set: terms are index sets, AND/OR/NOT
 * are SINTER/SUNION/SDIFF, and the few candidates of a phrase or a long fragment are checked here.
 */
final class TextMatch {

  private final Redis redis;
  private final ReadModelKeys keys;

  TextMatch(Redis redis, ReadModelKeys keys) {
    this.redis = redis;
    this.keys = keys;
  }

  /** Stores into {@code target} the SKUs matching {@code q}. */
  Future<Void> into(String q, Temps temps, String target) {
    Future<String> fullText = WebSearch.parse(q).map(query -> eval(query, temps)).orElse(Future.succeededFuture(null));
    return Future.all(fullText, substring(q, temps)).compose(both -> {
      List<String> sources = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        if (both.resultAt(i) != null) {
          sources.add(both.resultAt(i));
        }
      }
      return store(Command.SUNIONSTORE, target, sources).mapEmpty();
    });
  }

  private Future<String> eval(TsQuery query, Temps temps) {
    return switch (query) {
      case TsQuery.Term t -> Future.succeededFuture(keys.term(t.lexeme()));
      case TsQuery.And a -> combine(Command.SINTERSTORE, a.operands(), temps);
      case TsQuery.Or o -> combine(Command.SUNIONSTORE, o.operands(), temps);
      case TsQuery.Not n -> eval(n.operand(), temps)
          .compose(k -> store(Command.SDIFFSTORE, temps.next(), List.of(keys.products(), k)));
      case TsQuery.Phrase p -> {
        Request candidates = Request.cmd(Command.SINTER);
        p.terms().forEach(t -> candidates.arg(keys.term(t.lexeme())));
        yield checked(candidates, "tsv", temps, (sku, tsv) -> TsVector.parse(tsv).matches(p));
      }
    };
  }

  private Future<String> combine(Command command, List<TsQuery> operands, Temps temps) {
    List<Future<String>> parts = new ArrayList<>();
    operands.forEach(o -> parts.add(eval(o, temps)));
    return Future.all(parts).compose(all -> store(command, temps.next(), all.list()));
  }

  /** SINTERSTORE, SUNIONSTORE or SDIFFSTORE of {@code sources} into the scratch key {@code key}. */
  private Future<String> store(Command command, String key, List<String> sources) {
    if (sources.isEmpty()) {
      return Future.succeededFuture(key);
    }
    Request request = Request.cmd(command).arg(key);
    sources.forEach(request::arg);
    return redis.batch(List.of(request, Temps.expire(key))).map(key);
  }

  private Future<String> substring(String q, Temps temps) {
    List<String> grams = List.copyOf(Substrings.queryGrams(q));
    if (Substrings.exact(q)) {
      return Future.succeededFuture(keys.gram(grams.get(0)));
    }
    Request candidates = Request.cmd(Command.SINTER);
    grams.forEach(g -> candidates.arg(keys.gram(g)));
    return checked(candidates, "name", temps, (sku, name) -> Substrings.contains(name, q) || Substrings.contains(sku, q));
  }

  /** Candidates from {@code candidates}, kept when {@code keep} accepts their SKU and hash {@code field}. */
  private Future<String> checked(Request candidates, String field, Temps temps, BiPredicate<String, String> keep) {
    return redis.send(candidates).compose(reply -> {
      List<String> skus = new ArrayList<>();
      reply.forEach(r -> skus.add(r.toString()));
      if (skus.isEmpty()) {
        return Future.succeededFuture(temps.next());
      }
      List<Request> reads = new ArrayList<>();
      skus.forEach(sku -> reads.add(Request.cmd(Command.HGET).arg(keys.product(sku)).arg(field)));
      return redis.batch(reads).compose(values -> {
        String key = temps.next();
        Request add = Request.cmd(Command.SADD).arg(key);
        int kept = 0;
        for (int i = 0; i < skus.size(); i++) {
          Response value = values.get(i);
          if (value != null && keep.test(skus.get(i), value.toString())) {
            add.arg(skus.get(i));
            kept++;
          }
        }
        return kept == 0 ? Future.succeededFuture(key) : redis.batch(List.of(add, Temps.expire(key))).map(key);
      });
    });
  }
}
