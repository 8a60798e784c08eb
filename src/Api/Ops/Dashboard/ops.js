// The ops dashboard: signs in (token kept in sessionStorage), checks the operator role with one GET, then follows
// /ops/events (server-sent events; the token travels as ?access_token= because EventSource cannot set headers).
"use strict";
const $ = (id) => document.getElementById(id);
const tokenKey = "agentprovision-ops-token";
let events = null;
let chart = null;
const history = { labels: [], backlog: [], rate: [], p50: [] };

function text(value) { return value === null || value === undefined ? "–" : String(value); }
function cell(row, value) { const td = document.createElement("td"); td.textContent = text(value); row.appendChild(td); return td; }
function fill(tbody, items, render) {
  tbody.replaceChildren();
  for (const item of items) { const tr = document.createElement("tr"); render(tr, item); tbody.appendChild(tr); }
}

async function api(method, path) {
  const response = await fetch(path, { method, headers: { Authorization: "Bearer " + sessionStorage.getItem(tokenKey) } });
  if (response.status === 401) { signOut("Your session ended: sign in again."); throw new Error("401"); }
  if (response.status === 403) { refuse(); throw new Error("403"); }
  return response;
}

function refuse() {
  stop();
  $("dashboard").hidden = true;
  $("sign-in").hidden = false;
  $("sign-in-error").textContent = "operators only: this account is not an operator.";
  $("status").textContent = "operators only";
}

function stop() { if (events) { events.close(); events = null; } }

function signOut(message) {
  stop();
  sessionStorage.removeItem(tokenKey);
  $("dashboard").hidden = true;
  $("sign-in").hidden = false;
  $("sign-out").hidden = true;
  $("status").textContent = "signed out";
  $("sign-in-error").textContent = message || "";
}

async function start() {
  const response = await api("GET", "/api/v1/ops/dashboard");
  render(await response.json());
  $("sign-in").hidden = true;
  $("dashboard").hidden = false;
  $("sign-out").hidden = false;
  $("status").textContent = "live";
  stop();
  events = new EventSource("/ops/events?access_token=" + encodeURIComponent(sessionStorage.getItem(tokenKey)));
  events.addEventListener("snapshot", (event) => { $("status").textContent = "live"; render(JSON.parse(event.data)); });
  events.onerror = async () => {
    $("status").textContent = "reconnecting…";
    // EventSource hides the status code: ask once whether the token still works (401/403 end the stream).
    try { await api("GET", "/api/v1/ops/dashboard"); } catch { /* handled in api() */ }
  };
}

function render(s) {
  $("updated").textContent = new Date(s.at).toLocaleTimeString() + " (#" + s.sequence + ")";
  $("outbox-backlog").textContent = s.outbox.undispatched;
  $("outbox-oldest").textContent = s.outbox.oldest_age_seconds.toFixed(1);
  $("outbox-rate").textContent = s.outbox.dispatched_last_minute;
  $("outbox-parked").textContent = s.outbox.parked;
  fill($("parked").tBodies[0], s.parked, (tr, p) => {
    tr.dataset.id = p.id;
    cell(tr, p.id); cell(tr, p.message_type); cell(tr, p.resource_type + " " + p.resource_id); cell(tr, p.attempts);
    cell(tr, p.error); cell(tr, new Date(p.parked_at).toLocaleString());
    const button = document.createElement("button");
    button.textContent = "Requeue";
    button.onclick = async () => { button.disabled = true; await api("POST", "/api/v1/ops/outbox/" + p.id + "/requeue"); };
    cell(tr, "").replaceChildren(button);
  });

  $("broker-note").textContent = !s.broker.configured ? "broker not configured (RabbitMq:Uri)" : (s.broker.error ? "unreachable: " + s.broker.error : "");
  fill($("queues").tBodies[0], s.broker.queues, (tr, q) => {
    cell(tr, q.queue); cell(tr, q.exists ? q.ready : "not declared"); cell(tr, q.exists ? q.consumers : "–");
  });

  $("latency-count").textContent = s.latency.synced;
  $("latency-rate").textContent = s.latency.per_second;
  $("latency-p50").textContent = text(s.latency.p50_seconds);
  $("latency-p99").textContent = text(s.latency.p99_seconds);

  const connector = $("connector-status");
  connector.textContent = s.connector.status + (s.connector.error ? " (" + s.connector.error + ")" : "");
  connector.className = s.connector.status === "healthy" ? "good" : "bad";
  $("connector-circuit").textContent = s.connector.circuit;
  $("workers-count").textContent = s.workers.length;
  fill($("workers").tBodies[0], s.workers, (tr, w) => {
    cell(tr, w.id); cell(tr, w.host); cell(tr, new Date(w.started_at).toLocaleString()); cell(tr, new Date(w.seen_at).toLocaleTimeString());
  });

  const kinds = ["notebook", "dataset", "pipeline", "run", "catalog"];
  const states = ["pending", "syncing", "synced", "failed", "local_only"];
  $("settled-at").textContent = new Date(s.settled_counts_at).toLocaleTimeString();
  fill($("counts").tBodies[0], kinds, (tr, kind) => {
    cell(tr, kind);
    for (const state of states) {
      const found = s.sync_counts.find((c) => c.kind === kind && c.status === state);
      const td = cell(tr, found ? found.count : 0);
      td.id = "count-" + kind + "-" + state;
    }
  });
  fill($("tenants").tBodies[0], s.top_tenants, (tr, t) => {
    tr.dataset.tenant = t.tenant_id;
    const link = document.createElement("a");
    link.className = "tenant";
    link.textContent = t.tenant_name || t.tenant_id;
    link.onclick = () => drillDown(t.tenant_id);
    cell(tr, "").replaceChildren(link); cell(tr, t.unsynced); cell(tr, t.failed);
  });

  fill($("failures").tBodies[0], s.failures, (tr, f) => {
    tr.dataset.id = f.id;
    cell(tr, f.kind); cell(tr, f.tenant_name || f.tenant_id); cell(tr, f.id); cell(tr, f.name);
    cell(tr, (f.error_code || "") + ": " + (f.error_message || "")); cell(tr, new Date(f.failed_at).toLocaleString());
    const button = document.createElement("button");
    button.textContent = "Retry";
    button.className = "retry";
    button.onclick = async () => {
      button.disabled = true;
      const response = await api("POST", "/api/v1/ops/resources/" + f.kind + "/" + f.id + "/retry");
      button.textContent = response.status === 202 ? "Queued" : "Refused (" + response.status + ")";
    };
    cell(tr, "").replaceChildren(button);
  });

  plot(s);
}

async function drillDown(tenantId) {
  const response = await api("GET", "/api/v1/ops/tenants/" + tenantId + "/sync");
  const detail = await response.json();
  $("tenant-detail").hidden = false;
  $("tenant-detail-title").textContent = "Tenant " + (detail.tenant_name || detail.tenant_id);
  fill($("tenant-detail-rows"), detail.counts, (tr, c) => { cell(tr, c.kind); cell(tr, c.status); cell(tr, c.count); });
}

function plot(s) {
  history.labels.push(new Date(s.at).toLocaleTimeString());
  history.backlog.push(s.outbox.undispatched);
  history.rate.push(s.latency.per_second);
  history.p50.push(s.latency.p50_seconds);
  for (const series of Object.values(history)) { if (series.length > 150) { series.shift(); } }
  if (typeof Chart === "undefined") { return; }
  if (!chart) {
    chart = new Chart($("chart"), {
      type: "line",
      data: { labels: history.labels, datasets: [
        { label: "outbox backlog", data: history.backlog, yAxisID: "count" },
        { label: "syncs/s (5 min)", data: history.rate, yAxisID: "count" },
        { label: "p50 s", data: history.p50, yAxisID: "seconds" },
      ] },
      options: { animation: false, maintainAspectRatio: false, scales: { count: { position: "left", beginAtZero: true }, seconds: { position: "right", beginAtZero: true } } },
    });
  }
  chart.update();
}

$("sign-in").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("sign-in-error").textContent = "";
  const response = await fetch("/api/v1/auth/login", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: $("email").value, password: $("password").value }),
  });
  if (!response.ok) { $("sign-in-error").textContent = "Sign-in failed (" + response.status + ")."; return; }
  sessionStorage.setItem(tokenKey, (await response.json()).access_token);
  start().catch(() => {});
});
$("sign-out").addEventListener("click", () => signOut());
$("retry-all").addEventListener("click", async () => {
  const response = await api("POST", "/api/v1/ops/resources/retry-failed");
  const result = await response.json();
  $("retry-all-result").textContent = result.total + " put back in line" + (result.more ? " (more left: click again)" : "");
});
if (sessionStorage.getItem(tokenKey)) { start().catch(() => {}); }
