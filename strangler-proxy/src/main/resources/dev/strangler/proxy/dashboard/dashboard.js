// The migration dashboard: reads the admin API's JSON with the bearer token and renders it as text, every 2 s.
// The token is asked for once and kept in this tab's sessionStorage; a "#token=" fragment (never sent to a server) is
// moved there and stripped from the address bar at once. Everything from the API is rendered with textContent.
"use strict";

const POLL_MS = 2000;
const TOKEN_KEY = "strangler.admin.token";
const MISMATCHES_PER_ROUTE = 5;

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
  const [routes, shadow, backends, fleet] = await Promise.all(
    ["routes", "shadow", "backends", "fleet"].map(getJson));
  if (!routes.ok) {
    throw new Error(routes.body.detail || "routes unavailable (" + routes.status + ")");
  }
  const details = shadow.ok ? await Promise.all((shadow.body.routes || []).map(s =>
    getJson("shadow/" + encodeURIComponent(s.route) + "?limit=" + MISMATCHES_PER_ROUTE).then(r => r.ok ? r.body : null))) : [];
  renderRoutes(routes.body);
  renderShadow(shadow, details);
  renderBackends(backends);
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
