package dev.strangler.playbook;

import java.util.List;

/**
 * What a {@link Step.Target#SHADOW} step sets besides the target: the share copied and, for routes that write, sandbox
 * mode (as a route table's {@code shadow} block says it). Without it the routes keep their own shadow block.
 *
 * @param percent share of requests copied to the candidate, 1–100; default the proxy's (100)
 * @param sandbox copies are sandboxed copies ({@code X-Strangler-Sandbox: 1}); the only way a write is shadowed
 * @param sandboxSession session attributes snapshotted for each sandboxed copy; only with {@code sandbox}
 * @param routes which of the playbook's routes get {@code sandbox} and {@code sandboxSession} (e.g. only the writes);
 *     default every route of the playbook
 */
public record StepShadow(Integer percent, Boolean sandbox, List<String> sandboxSession, List<String> routes) {

  public StepShadow {
    sandboxSession = sandboxSession == null ? List.of() : List.copyOf(sandboxSession);
    routes = routes == null ? List.of() : List.copyOf(routes);
  }

  /** Whether {@code route} gets the sandbox settings. */
  public boolean sandboxes(String route) {
    return Boolean.TRUE.equals(sandbox) && (routes.isEmpty() || routes.contains(route));
  }
}
