package dev.strangler.proxy.admin;

import dev.strangler.proxy.playbook.PlaybookJournal;
import dev.strangler.proxy.playbook.PlaybookState;
import dev.strangler.proxy.playbook.RunnerLease;
import dev.strangler.proxy.playbook.Transition;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The admin API's playbook journal: a playbook runner records each transition and each approval of a subdomain's
 * playbook; everyone reads where every playbook stands and a subdomain's transitions, newest first. Mounted on
 * {@link AdminApi#router()}, behind its tokens (recording needs the writer's) and problem answers; every record is
 * audit-logged.
 */
public final class PlaybookAdminApi {

  /** Transitions listed for one subdomain unless {@code ?limit=} says otherwise (at most {@value #MAX_LIMIT}). */
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 1_000;

  private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  private final PlaybookJournal journal;

  public PlaybookAdminApi(PlaybookJournal journal) {
    this.journal = Objects.requireNonNull(journal, "journal == null");
  }

  /** Adds the endpoints to the admin router (after its token check and body handler). */
  public void mount(Router router) {
    router.get("/admin/playbooks").handler(this::all);
    router.get("/admin/playbooks/:subdomain").handler(this::one);
    router.post("/admin/playbooks/:subdomain/transitions").handler(this::transition);
    router.post("/admin/playbooks/:subdomain/approvals").handler(this::approval);
    router.get("/admin/playbooks/:subdomain/runner").handler(this::runner);
    router.put("/admin/playbooks/:subdomain/runner").handler(this::claim);
    router.delete("/admin/playbooks/:subdomain/runner").handler(this::release);
  }

  private void all(RoutingContext ctx) {
    journal.states().map(states -> new JsonObject().put("playbooks", new JsonArray(states.stream().map(PlaybookState::toJson).toList())))
        .onSuccess(ctx::json).onFailure(e -> ctx.fail(unavailable(e)));
  }

  private void one(RoutingContext ctx) {
    String subdomain = subdomain(ctx);
    int limit = AdminApi.intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    journal.state(subdomain).compose(state -> state.isEmpty() ? Future.failedFuture(noPlaybook(subdomain))
            : Future.all(journal.transitions(subdomain, limit), journal.runner(subdomain)).map(both -> state.get().toJson()
                .put("runner", both.<Optional<RunnerLease>>resultAt(1).map(RunnerLease::toJson).orElse(null))
                .put("transitions", new JsonArray(List.copyOf(both.<List<JsonObject>>resultAt(0))))))
        .onSuccess(ctx::json).onFailure(e -> fail(ctx, e));
  }

  private void transition(RoutingContext ctx) {
    String subdomain = subdomain(ctx);
    JsonObject body = AdminApi.jsonBody(ctx);
    List<String> problems = new ArrayList<>();
    Transition transition = Transition.parse(body, problems);
    Object runner = body.getValue("runner");
    if (runner != null && holder(runner) == null) {
      problems.add(HOLDER_PROBLEM.replace("holder:", "runner:") + ", or absent");
    }
    if (transition == null || !problems.isEmpty()) {
      throw new AdminProblem(400, "the transition is invalid: " + String.join("; ", problems), problems);
    }
    record(ctx, subdomain, transition, (String) runner);
  }

  /**
   * Takes or renews the subdomain's runner lease: {@code {"holder": id, "ttlMs": n, "note": text, "takeOver": false}};
   * 409 naming the holder while another runner has it (unless {@code takeOver}). A new lease and a take-over are
   * audit-logged; a renewal is not.
   */
  private void claim(RoutingContext ctx) {
    String subdomain = subdomain(ctx);
    JsonObject body = AdminApi.jsonBody(ctx);
    List<String> problems = new ArrayList<>();
    String holder = holder(body.getValue("holder"));
    if (holder == null) {
      problems.add(HOLDER_PROBLEM + ", required");
    }
    Object ttl = body.getValue("ttlMs");
    if (!(ttl instanceof Number n) || n.longValue() != n.doubleValue() || n.longValue() < RunnerLease.MIN_TTL_MS
        || n.longValue() > RunnerLease.MAX_TTL_MS) {
      problems.add("ttlMs: milliseconds the lease lasts unless renewed, " + RunnerLease.MIN_TTL_MS + " to " + RunnerLease.MAX_TTL_MS
          + ", required");
    }
    Object note = body.getValue("note");
    if (note != null && (!(note instanceof String t) || t.length() > RunnerLease.MAX_NOTE || t.chars().anyMatch(Character::isISOControl))) {
      problems.add("note: one line of up to " + RunnerLease.MAX_NOTE + " characters (where the runner runs), or absent");
    }
    Object takeOver = body.getValue("takeOver");
    if (takeOver != null && !(takeOver instanceof Boolean)) {
      problems.add("takeOver: true or false, or absent");
    }
    if (!problems.isEmpty()) {
      throw new AdminProblem(400, "the runner lease request is invalid: " + String.join("; ", problems), problems);
    }
    String actor = AdminApi.actor(ctx);
    journal.claim(subdomain, holder, actor, note == null ? "" : (String) note, Duration.ofMillis(((Number) ttl).longValue()),
        Boolean.TRUE.equals(takeOver)).onSuccess(claim -> {
      if (!claim.granted()) {
        fail(ctx, new AdminProblem(409, "playbook " + subdomain + " is being run: its runner lease is " + claim.lease().describe()));
        return;
      }
      if (claim.change() != PlaybookJournal.Claim.Change.NONE) {
        Audit.log(Audit.entry(ctx, actor).put("action", "playbook runner " + (claim.change() == PlaybookJournal.Claim.Change.NEW
            ? "lease taken" : "lease taken over") + " " + subdomain).put("after", claim.lease().toJson()));
      }
      ctx.json(claim.lease().toJson().put("change", claim.change().name().toLowerCase(Locale.ROOT).replace('_', '-')));
    }).onFailure(e -> fail(ctx, e));
  }

  /** Who holds the subdomain's runner lease; 404 when no run holds it (also before its playbook has a state). */
  private void runner(RoutingContext ctx) {
    String subdomain = subdomain(ctx);
    journal.runner(subdomain).onSuccess(lease -> {
      if (lease.isEmpty()) {
        fail(ctx, new AdminProblem(404, "no run holds playbook " + subdomain + "'s runner lease"));
      } else {
        ctx.json(lease.get().toJson());
      }
    }).onFailure(e -> fail(ctx, e));
  }

  /** Lets the subdomain's runner lease go: {@code ?holder=id}; 204 when it's gone, 409 while another runner holds it. */
  private void release(RoutingContext ctx) {
    String subdomain = subdomain(ctx);
    String holder = holder(ctx.queryParams().get("holder"));
    if (holder == null) {
      throw new AdminProblem(400, HOLDER_PROBLEM.replace("holder:", "holder (query parameter):") + ", required");
    }
    journal.release(subdomain, holder).onSuccess(other -> {
      if (other.isPresent()) {
        fail(ctx, new AdminProblem(409, "playbook " + subdomain + "'s runner lease is not " + holder + "'s: it is " + other.get().describe()));
      } else {
        ctx.response().setStatusCode(204).end();
      }
    }).onFailure(e -> fail(ctx, e));
  }

  private static final String HOLDER_PROBLEM = "holder: the runner's id, 1 to " + RunnerLease.MAX_HOLDER
      + " letters, digits, '-', '_', '.' or ':'";
  private static final Pattern HOLDER = Pattern.compile("[A-Za-z0-9._:-]{1," + RunnerLease.MAX_HOLDER + "}");

  private static String holder(Object value) {
    return value instanceof String s && HOLDER.matcher(s).matches() ? s : null;
  }

  /** Approves the step a subdomain's playbook waits at: recorded as an "approved" transition, the run's state unchanged. */
  private void approval(RoutingContext ctx) {
    String subdomain = subdomain(ctx);
    JsonObject body = AdminApi.jsonBody(ctx);
    List<String> problems = new ArrayList<>();
    String step = body.getValue("step") instanceof String s && !s.isBlank() && s.length() <= 100 ? s : null;
    if (step == null) {
      problems.add("step: the step id to approve, required");
    }
    Object reason = body.getValue("reason");
    if (reason != null && (!(reason instanceof String r) || r.length() > Transition.MAX_REASON)) {
      problems.add("reason: text of up to " + Transition.MAX_REASON + " characters, or absent");
    }
    if (!problems.isEmpty()) {
      throw new AdminProblem(400, "the approval is invalid: " + String.join("; ", problems), problems);
    }
    journal.state(subdomain).onComplete(ar -> {
      if (ar.failed()) {
        fail(ctx, ar.cause());
        return;
      }
      PlaybookState state = ar.result().orElse(null);
      if (state == null) {
        fail(ctx, new AdminProblem(409, "subdomain '" + subdomain + "' has no playbook state: nothing waits for an approval"));
      } else if (!Transition.State.WAITING_APPROVAL.label().equals(state.state()) || !step.equals(state.step())) {
        fail(ctx, new AdminProblem(409, "subdomain '" + subdomain + "' is not waiting for approval at step '" + step + "' (it is "
            + state.state() + " at step '" + state.step() + "')"));
      } else {
        JsonObject json = state.toJson();
        record(ctx, subdomain, new Transition(Transition.Kind.APPROVED, step, json.getInteger("stepIndex"), json.getInteger("steps"),
            step, Transition.State.WAITING_APPROVAL, (String) reason, null), null);
      }
    });
  }

  private void record(RoutingContext ctx, String subdomain, Transition transition, String runner) {
    String actor = AdminApi.actor(ctx);
    journal.record(subdomain, transition, actor, runner).onSuccess(recorded -> {
      Audit.log(Audit.entry(ctx, actor).put("action", "playbook " + transition.kind().label() + " " + subdomain)
          .put("reason", transition.reason()).put("before", transition.from()).put("after", new JsonObject()
              .put("step", transition.step()).put("state", transition.state().label()).put("id", recorded.id())));
      ctx.response().setStatusCode(201);
      ctx.json(recorded.toJson());
    }).onFailure(e -> fail(ctx, e));
  }

  private static String subdomain(RoutingContext ctx) {
    String subdomain = ctx.pathParam("subdomain");
    if (!SUBDOMAIN.matcher(subdomain).matches()) {
      throw new AdminProblem(400, "subdomain: lower-case letters, digits and '-', starting with a letter or digit, up to 63, was '"
          + subdomain.replaceAll("[^ -~]", "?") + "'");
    }
    return subdomain;
  }

  private static void fail(RoutingContext ctx, Throwable e) {
    ctx.fail(e instanceof AdminProblem ? e : e instanceof PlaybookJournal.LeaseHeld held
        ? new AdminProblem(409, "this runner no longer holds the playbook's runner lease: it is " + held.lease().describe())
        : unavailable(e));
  }

  private static AdminProblem noPlaybook(String subdomain) {
    return new AdminProblem(404, "subdomain '" + subdomain + "' has no playbook state");
  }

  private static AdminProblem unavailable(Throwable cause) {
    return new AdminProblem(503, "the playbook journal did not answer", cause);
  }
}
