package dev.strangler.playbook;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Every rule a playbook must keep, each broken one reported with its place (step id, field). */
final class PlaybookValidator {

  private PlaybookValidator() {}

  static List<String> problems(Playbook playbook) {
    List<String> problems = new ArrayList<>();
    if (!Playbook.API_VERSION.equals(playbook.apiVersion())) {
      problems.add("apiVersion: must be " + Playbook.API_VERSION + " (got " + playbook.apiVersion() + ")");
    }
    if (blank(playbook.subdomain())) {
      problems.add("subdomain: required");
    }
    if (blank(playbook.service())) {
      problems.add("service: required");
    }
    if (playbook.routes().isEmpty()) {
      problems.add("routes: name at least one route id");
    }
    if (playbook.steps().isEmpty()) {
      problems.add("steps: at least one step");
    }
    Set<String> ids = new HashSet<>();
    int lastPercent = 0;
    for (int i = 0; i < playbook.steps().size(); i++) {
      Step step = playbook.steps().get(i);
      String at = "steps[" + i + "]" + (blank(step.id()) ? "" : " (" + step.id() + ")");
      if (blank(step.id())) {
        problems.add(at + ".id: required");
      } else if (!ids.add(step.id())) {
        problems.add(at + ".id: duplicate step id");
      }
      if (step.target() == null) {
        problems.add(at + ".target: required (legacy, shadow, canary, extracted or retired)");
      } else if (step.target() == Step.Target.CANARY) {
        if (step.percent() == null || step.percent() < 1 || step.percent() > 99) {
          problems.add(at + ".percent: a canary step needs a percent from 1 to 99 (got " + step.percent() + ")");
        } else if (step.percent() <= lastPercent) {
          problems.add(at + ".percent: canary steps must raise the share (" + step.percent() + " after " + lastPercent + ")");
        } else {
          lastPercent = step.percent();
        }
      } else if (step.percent() != null) {
        problems.add(at + ".percent: only canary steps take a percent");
      }
      if (step.soak().isNegative()) {
        problems.add(at + ".soak: must not be negative");
      }
      gateProblems(step.gate(), at + ".gate", problems);
      shadowProblems(step, playbook.routes(), at + ".shadow", problems);
    }
    return problems;
  }

  private static void gateProblems(Gate gate, String at, List<String> problems) {
    rate(gate.maxMismatchRate(), at + ".maxMismatchRate", problems);
    rate(gate.maxErrorRateDelta(), at + ".maxErrorRateDelta", problems);
    if (gate.minComparedRequests() != null && gate.minComparedRequests() < 0) {
      problems.add(at + ".minComparedRequests: must not be negative");
    }
    if (gate.maxDrift() != null && gate.maxDrift() < 0) {
      problems.add(at + ".maxDrift: must not be negative");
    }
  }

  private static void shadowProblems(Step step, List<String> routes, String at, List<String> problems) {
    StepShadow shadow = step.shadow();
    if (shadow == null) {
      return;
    }
    if (step.target() != Step.Target.SHADOW) {
      problems.add(at + ": only shadow steps take a shadow block");
    }
    if (shadow.percent() != null && (shadow.percent() < 1 || shadow.percent() > 100)) {
      problems.add(at + ".percent: a share from 1 to 100 (got " + shadow.percent() + ")");
    }
    if (!shadow.sandboxSession().isEmpty() && !Boolean.TRUE.equals(shadow.sandbox())) {
      problems.add(at + ".sandboxSession: only with sandbox: true");
    }
    if (!shadow.routes().isEmpty() && !Boolean.TRUE.equals(shadow.sandbox())) {
      problems.add(at + ".routes: names the routes sandboxed, only with sandbox: true");
    }
    for (String route : shadow.routes()) {
      if (!routes.contains(route)) {
        problems.add(at + ".routes: '" + route + "' is not one of the playbook's routes " + routes);
      }
    }
  }

  private static void rate(Double value, String at, List<String> problems) {
    if (value != null && (value < 0 || value > 1)) {
      problems.add(at + ": a rate between 0 and 1 (got " + value + ")");
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
