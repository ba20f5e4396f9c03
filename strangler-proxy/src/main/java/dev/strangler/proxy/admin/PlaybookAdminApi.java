package dev.strangler.proxy.admin;

import dev.strangler.proxy.playbook.PlaybookJournal;
import dev.strangler.proxy.playbook.PlaybookState;
import dev.strangler.proxy.playbook.Transition;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
  }

  private void all(RoutingContext ctx) {
    journal.states().map(states -> new JsonObject().put("playbooks", new JsonArray(states.stream().map(PlaybookState::toJson).toList())))
        .onSuccess(ctx::json).onFailure(e -> ctx.fail(unavailable(e)));
  }

  private void one(RoutingContext ctx) {
    String subdomain = subdomain(ctx);
    int limit = AdminApi.intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    journal.state(subdomain).compose(state -> state.isEmpty() ? Future.failedFuture(noPlaybook(subdomain))
            : journal.transitions(subdomain, limit).map(list -> state.get().toJson().put("transitions", new JsonArray(List.copyOf(list)))))
        .onSuccess(ctx::json).onFailure(e -> fail(ctx, e));
  }

  private void transition(RoutingContext ctx) {
    String subdomain = subdomain(ctx);
    JsonObject body = AdminApi.jsonBody(ctx);
    List<String> problems = new ArrayList<>();
    Transition transition = Transition.parse(body, problems);
    if (transition == null) {
      throw new AdminProblem(400, "the transition is invalid: " + String.join("; ", problems), problems);
    }
    record(ctx, subdomain, transition);
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
            step, Transition.State.WAITING_APPROVAL, (String) reason, null));
      }
    });
  }

  private void record(RoutingContext ctx, String subdomain, Transition transition) {
    String actor = AdminApi.actor(ctx);
    journal.record(subdomain, transition, actor).onSuccess(recorded -> {
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
    ctx.fail(e instanceof AdminProblem ? e : unavailable(e));
  }

  private static AdminProblem noPlaybook(String subdomain) {
    return new AdminProblem(404, "subdomain '" + subdomain + "' has no playbook state");
  }

  private static AdminProblem unavailable(Throwable cause) {
    return new AdminProblem(503, "the playbook journal did not answer", cause);
  }
}
