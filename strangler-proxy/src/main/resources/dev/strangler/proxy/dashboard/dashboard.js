// The migration dashboard: reads the admin API's JSON with the bearer token and renders it as text, every 2 s.
// The token is asked for once and kept in this tab's sessionStorage; a "#token=" fragment (never sent to a server) is
// moved there and stripped from the address bar at once. Everything from the API is rendered with textContent.
"use strict";

const POLL_MS = 2000;
const TOKEN_KEY = "strangler.admin.token";
const MISMATCHES_PER_ROUTE = 5;
const TRANSITIONS_PER_PLAYBOOK = 5;

function takeTokenFromFragment() {
  const hash = window.location.hash;
  if (hash.startsWith("#token=")) {
    const token = decodeURIComponent(hash.substring("#token=".length));
    history.replaceState(null, "", window.location.pathname + window.location.search);
    if (token) {
      sessionStorage.setItem(TOKEN_KEY, token);
    }
  }
}

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

class Unauthorized extends Error {}

async function getJson(path) {
  const response = await fetch(path, {
    headers: { "Authorization": "Bearer " + token(), "Accept": "application/json" },
    cache: "no-store", credentials: "omit", referrerPolicy: "no-referrer"
  });
  if (response.status === 401) {
    throw new Unauthorized();
  }
  const body = await response.json().catch(() => ({}));
  return { ok: response.ok, status: response.status, body };
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  if (className) {
    node.className = className;
  }
  return node;
}

function row(cells, className) {
  const tr = el("tr", null, className);
  for (const cell of cells) {
    tr.appendChild(cell instanceof Node ? cell : el("td", cell));
  }
  return tr;
}

function num(value, className) {
  return el("td", value, "n" + (className ? " " + className : ""));
}

function fill(tableId, rows) {
  const body = document.querySelector("#" + tableId + " tbody");
  body.replaceChildren(...rows);
}

function percent(rate) {
  return rate === null || rate === undefined ? "–" : (rate * 100).toFixed(1) + " %";
}

function ms(value) {
  return value === null || value === undefined ? "–" : Number(value).toFixed(1);
}

/** The target as the route line writes it, and the share of traffic served by the extracted side. */
function describeTarget(target) {
  if (target === "legacy" || target === undefined || target === null) {
    return { text: "legacy", share: "0 %" };
  }
  if (typeof target === "string") {
    return { text: target, share: "–" };
  }
  if (target.extracted !== undefined) {
    return { text: "extracted " + target.extracted, share: "100 %" };
  }
  if (target.canary) {
    return { text: "canary " + target.canary.backend + " " + target.canary.percent + " %", share: target.canary.percent + " %" };
  }
  if (target.shadow) {
    const s = target.shadow;
    return { text: "shadow " + s.primary + " → " + s.candidate + " (" + s.percent + " % copied)",
      share: s.primary === "legacy" ? "0 %" : "100 %" };
  }
  if (target.direct) {
    return { text: "direct " + target.direct.status, share: "–" };
  }
  return { text: JSON.stringify(target), share: "–" };
}

function renderRoutes(routes) {
  document.getElementById("epoch").textContent = String(routes.epoch);
  document.getElementById("source").textContent = "routes from " + routes.source;
  const defs = (routes.table && routes.table.routes) || [];
  const lines = routes.lines || [];
  fill("routes", defs.map((route, i) => {
    const target = describeTarget(route.target);
    const tr = row([el("td", null), el("td", target.text, "target"), num(target.share, "share"), el("td", null)], "route");
    tr.dataset.route = route.id;
    tr.cells[0].appendChild(el("code", route.id));
    tr.cells[3].appendChild(el("code", lines[i] || ""));
    return tr;
  }));
}

function renderShadow(shadow, details) {
  const note = document.getElementById("shadow-note");
  if (!shadow.ok) {
    note.textContent = shadow.body.detail || shadow.body.title || "shadow results unavailable (" + shadow.status + ")";
    fill("shadow", []);
    document.getElementById("mismatches").replaceChildren();
    return;
  }
  const summaries = shadow.body.routes || [];
  note.textContent = summaries.length === 0 ? "No route has shadow results yet." : "";
  fill("shadow", summaries.map(s => {
    const legacy = s.legacy || {};
    const candidate = s.candidate || {};
    const paths = (s.topPaths || []).map(p => p.path + " ×" + p.count).join(", ");
    const tr = row([el("td", s.route), num(s.compared), num(percent(s.matchRate), s.matchRate === 1 ? "ok" : (s.compared ? "bad" : "")),
      num(ms(legacy.p50Ms) + " / " + ms(legacy.p99Ms)), num(ms(candidate.p50Ms) + " / " + ms(candidate.p99Ms)),
      num(percent(legacy.errorRate) + " / " + percent(candidate.errorRate)), el("td", paths || "–")], "shadowed");
    tr.dataset.route = s.route;
    return tr;
  }));
  const sections = [];
  for (const detail of details) {
    const recent = (detail && detail.recentMismatches) || [];
    if (recent.length === 0) {
      continue;
    }
    const section = el("section", null, "mismatches");
    section.dataset.route = detail.route;
    section.appendChild(el("h3", "Recent mismatches: " + detail.route));
    for (const mismatch of recent) {
      const copy = Object.assign({}, mismatch);
      delete copy.id;
      section.appendChild(el("p", "entry " + mismatch.id, "meta"));
      section.appendChild(el("pre", JSON.stringify(copy, null, 2), "diff"));
    }
    sections.push(section);
  }
  document.getElementById("mismatches").replaceChildren(...sections);
}

function renderTraffic(traffic) {
  const note = document.getElementById("traffic-note");
  if (!traffic.ok) {
    note.textContent = traffic.body.detail || traffic.body.title || "route traffic unavailable (" + traffic.status + ")";
    fill("traffic", []);
    return;
  }
  const routes = traffic.body.routes || [];
  note.textContent = routes.length === 0 ? "No route has served traffic yet." : "";
  fill("traffic", routes.map(t => {
    const legacy = t.legacy || {};
    const extracted = t.extracted || {};
    const total = (legacy.requests || 0) + (extracted.requests || 0);
    const tr = row([el("td", t.route), num(legacy.requests, "legacy-requests"), num(extracted.requests, "extracted-requests"),
      num(total === 0 ? "–" : percent(extracted.requests / total)),
      num(percent(legacy.errorRate) + " / " + percent(extracted.errorRate), (legacy.errors || extracted.errors) ? "bad" : ""),
      num(ms(legacy.p50Ms) + " / " + ms(legacy.p99Ms)), num(ms(extracted.p50Ms) + " / " + ms(extracted.p99Ms)),
      el("td", t.since || "–")], "traffic");
    tr.dataset.route = t.route;
    return tr;
  }));
}

/** One subdomain's playbook: the step bar, where it stands, its last transition and the newest gate figures read. */
function playbookSection(state, detail) {
  const section = el("section", null, "playbook");
  section.dataset.subdomain = state.subdomain;
  section.appendChild(el("h3", state.subdomain));
  const bar = el("ol", null, "steps");
  for (let i = 0; i < (state.steps || 0); i++) {
    const current = i === state.stepIndex;
    const li = el("li", current ? state.step : String(i + 1), current ? "current" : (i < state.stepIndex ? "done" : ""));
    bar.appendChild(li);
  }
  section.appendChild(bar);
  const verdict = state.state === "rolled-back" || state.state === "aborted" ? "bad"
    : (state.state === "waiting-approval" ? "warn" : "ok");
  const stands = el("p", null, "stands");
  stands.appendChild(el("span", state.state, "verdict state " + verdict));
  stands.appendChild(document.createTextNode(" at step " + state.step + " (" + (state.stepIndex + 1) + " of " + state.steps
    + ") since " + state.since + (state.approvedStep ? " · approved step " + state.approvedStep : "")));
  section.appendChild(stands);
  const last = state.last || {};
  section.appendChild(el("p", "Last transition: " + last.kind + " by " + last.actor + " at " + last.at
    + (last.reason ? " — " + last.reason : ""), "last meta"));
  const runner = detail && detail.runner;
  section.appendChild(el("p", runner ? "Run by " + runner.actor + (runner.note ? " (" + runner.note + ")" : "") + " since "
    + runner.since : "No run drives it now.", "runner meta"));
  const withNumbers = ((detail && detail.transitions) || []).find(t => t.numbers);
  if (withNumbers) {
    section.appendChild(el("p", "Latest numbers (" + withNumbers.kind + " " + withNumbers.step + ", " + withNumbers.at + "):", "meta"));
    section.appendChild(el("pre", JSON.stringify(withNumbers.numbers, null, 2), "numbers"));
  }
  return section;
}

function renderPlaybooks(playbooks, details) {
  const note = document.getElementById("playbooks-note");
  const container = document.getElementById("playbooks");
  if (!playbooks.ok) {
    note.textContent = playbooks.body.detail || playbooks.body.title || "playbooks unavailable (" + playbooks.status + ")";
    container.replaceChildren();
    return;
  }
  const states = playbooks.body.playbooks || [];
  note.textContent = states.length === 0 ? "No playbook has recorded a transition yet." : "";
  container.replaceChildren(...states.map((state, i) => playbookSection(state, details[i])));
}

function renderBackends(backends) {
  if (!backends.ok) {
    fill("backends", [row([backends.body.detail || "backends unavailable (" + backends.status + ")", "", "", ""])]);
    return;
  }
  fill("backends", (backends.body.backends || []).map(b => {
    const state = (b.breaker && b.breaker.state) || "?";
    const instances = (b.instances || []).map(i => i.url + (i.ejected ? " (ejected " + i.ejectedForMillis + " ms)" : "")
      + (i.consecutiveFailures ? ", " + i.consecutiveFailures + " failures" : "")).join("; ");
    const tr = row([el("td", b.name + (b.service ? " (" + b.service + ")" : "")),
      el("td", state, state === "CLOSED" ? "ok" : "bad"), el("td", instances || "–"), num(b.fallbacksToLegacy)], "backend");
    tr.dataset.backend = b.name;
    return tr;
  }));
}

function renderOverload(ready) {
  const note = document.getElementById("overload-note");
  const o = ready.ok ? ready.body.overload : null;
  if (!o) {
    note.textContent = "overload status unavailable (" + ready.status + ")";
    note.className = "meta";
    return;
  }
  note.textContent = (o.overloaded ? "Shedding: " + (o.shedding || []).join(", ") : "Not shedding")
    + ". In flight " + o.inFlight + " of " + o.maxInFlight + ", connections " + o.connections + " of " + o.maxConnections
    + ", heap after GC " + Math.round(o.heapAfterGc * 100) + " %.";
  note.className = o.overloaded ? "bad" : "ok";
}

function renderFleet(fleet) {
  const note = document.getElementById("fleet-note");
  if (!fleet.ok) {
    note.textContent = fleet.body.detail || "fleet status unavailable (" + fleet.status + ")";
    fill("fleet", []);
    return;
  }
  note.textContent = fleet.body.allApplied ? "All instances run epoch " + fleet.body.epoch + "."
    : "Not every instance runs epoch " + fleet.body.epoch + " yet.";
  note.className = fleet.body.allApplied ? "ok" : "warn";
  fill("fleet", (fleet.body.instances || []).map(i => {
    const state = i.stale ? "stale" : (i.appliedEpoch === fleet.body.epoch ? "current" : "behind");
    return row([el("td", i.id), num(i.appliedEpoch), num(i.rejectedEpoch || "–"), el("td", i.seenAt),
      el("td", state, state === "current" ? "ok" : "bad")], "instance");
  }));
}

function status(text, className) {
  const node = document.getElementById("status");
  node.textContent = text;
  node.className = "verdict " + className;
}

function askForToken() {
  document.getElementById("login").hidden = false;
  document.getElementById("forget").hidden = true;
  status("token needed", "bad");
}

async function refresh() {
  const [routes, shadow, backends, fleet, traffic, playbooks, ready] = await Promise.all(
    ["routes", "shadow", "backends", "fleet", "traffic", "playbooks", "ready"].map(getJson));
  if (!routes.ok) {
    throw new Error(routes.body.detail || "routes unavailable (" + routes.status + ")");
  }
  const details = shadow.ok ? await Promise.all((shadow.body.routes || []).map(s =>
    getJson("shadow/" + encodeURIComponent(s.route) + "?limit=" + MISMATCHES_PER_ROUTE).then(r => r.ok ? r.body : null))) : [];
  const journals = playbooks.ok ? await Promise.all((playbooks.body.playbooks || []).map(p =>
    getJson("playbooks/" + encodeURIComponent(p.subdomain) + "?limit=" + TRANSITIONS_PER_PLAYBOOK).then(r => r.ok ? r.body : null))) : [];
  renderRoutes(routes.body);
  renderTraffic(traffic);
  renderShadow(shadow, details);
  renderPlaybooks(playbooks, journals);
  renderBackends(backends);
  renderOverload(ready);
  renderFleet(fleet);
  document.getElementById("updated").textContent = new Date().toLocaleTimeString();
  status("live", "ok");
}

async function poll() {
  if (!token()) {
    askForToken();
    return;
  }
  try {
    await refresh();
  } catch (e) {
    if (e instanceof Unauthorized) {
      sessionStorage.removeItem(TOKEN_KEY);
      askForToken();
      return;
    }
    status("stale: " + e.message, "bad");
  }
  setTimeout(poll, POLL_MS);
}

function start() {
  takeTokenFromFragment();
  document.getElementById("login").addEventListener("submit", event => {
    event.preventDefault();
    const input = document.getElementById("token");
    if (input.value) {
      sessionStorage.setItem(TOKEN_KEY, input.value);
      input.value = "";
      document.getElementById("login").hidden = true;
      document.getElementById("forget").hidden = false;
      poll();
    }
  });
  document.getElementById("forget").addEventListener("click", () => {
    sessionStorage.removeItem(TOKEN_KEY);
    window.location.reload();
  });
  document.getElementById("forget").hidden = !token();
  poll();
}

document.addEventListener("DOMContentLoaded", start);
