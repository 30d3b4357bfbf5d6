// Herald web UI: a hash-routed page over the read-only JSON API.
// All stored text is untrusted: it is only ever inserted as text nodes.
"use strict";

const main = document.getElementById("main");
const PAGE = 20;

// ---- DOM helpers ----
function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const k of kids.flat(Infinity)) {
    if (k === null || k === undefined || k === false) continue;
    el.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return el;
}
const enc = encodeURIComponent;
const link = (href, text) => h("a", { href }, text);
// Only http(s) URLs become links: an article's URL comes from its input, and
// `javascript:` or `data:` there would run in this page when clicked.
const sourceLink = (url) => /^https?:\/\//i.test(url.trim())
  ? h("a", { href: url.trim(), rel: "noopener noreferrer nofollow" }, "source")
  : h("span", { class: "url", title: "not an http(s) link" }, "source: " + url);
const day = (s) => (s ? String(s).slice(0, 10) : "–");
const articleLink = (id, title) => link("#/article/" + enc(id), title || id);
const storyLink = (id, title) => link("#/story/" + enc(id), title || id);
const eventLink = (id, text) => link("#/event/" + enc(id), text || id);
const threadLink = (id, text) => link("#/thread/" + enc(id), text || id);
function meta(...parts) {
  return h("div", { class: "meta" }, parts.filter(Boolean).map((p) => h("span", {}, p)));
}
function show(...nodes) {
  main.replaceChildren(...nodes.flat(Infinity).filter((n) => n !== null && n !== undefined && n !== false));
  window.scrollTo(0, 0);
}

// ---- API ----
async function api(path) {
  const res = await fetch("/api" + path, { headers: { Accept: "application/json" } });
  let body = null;
  try { body = await res.json(); } catch (_) { /* not JSON */ }
  if (!res.ok) throw new Error((body && body.error) || res.status + " " + res.statusText);
  return body;
}
function fail(e) {
  show(h("p", { class: "error" }, e.message || String(e)));
}

// ---- Components ----
function pager(offset, count, limit, more, go, total) {
  const prev = offset > 0 ? h("button", { class: "plain", onclick: () => go(Math.max(0, offset - limit)) }, "← Previous") : null;
  const next = more ? h("button", { class: "plain", onclick: () => go(offset + limit) }, "Next →") : null;
  const range = count ? `${offset + 1}–${offset + count}` + (total !== undefined ? ` of ${total}` : "") : "";
  return h("div", { class: "pager" }, prev, h("span", { class: "meta" }, range), next);
}

function eventsTable(events, articles) {
  if (!events.length) return h("p", { class: "note" }, "No events.");
  const rows = events.map((e) => {
    const art = articles && articles[e.article];
    return h("tr", { class: e.negated ? "negated" : null },
      h("td", {}, day(e.date)),
      h("td", {}, h("code", { title: e.source.text }, e.source.code || "–"), h("div", { class: "meta" }, e.source.text)),
      h("td", {}, h("code", { title: e.target.text }, e.target.code || "–"), h("div", { class: "meta" }, e.target.text)),
      h("td", {}, h("code", {}, e.cameo), " ", h("span", { class: "meta" }, e.plover)),
      h("td", { class: "num q" + e.quad_class }, (e.goldstein > 0 ? "+" : "") + e.goldstein.toFixed(1)),
      h("td", { class: "what" }, eventLink(e.id, e.text || "(span)"), e.place ? h("div", { class: "meta" }, "at " + e.place) : null),
      articles ? h("td", {}, articleLink(e.article, art ? art.title : e.article),
        e.num_mentions > 1 ? h("div", { class: "meta", title: "also " + (e.also || []).join(", ") },
          `${e.num_mentions} mentions in ${e.num_articles} articles, ${e.num_sources} sources`) : null) : null);
  });
  return h("table", {},
    h("thead", {}, h("tr", {}, "Date Source Target CAMEO Goldstein Words".split(" ").map((c) => h("th", {}, c)),
      articles ? h("th", {}, "Article") : null)),
    h("tbody", {}, rows));
}

// Article text with event spans marked. Spans are code-point offsets, so the
// text is split into code points, not UTF-16 units.
function markedText(text, events, cls = "text") {
  const chars = Array.from(text);
  const cuts = new Set([0, chars.length]);
  for (const e of events) {
    cuts.add(Math.min(e.span[0], chars.length));
    cuts.add(Math.min(e.span[1], chars.length));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out = h("div", { class: cls || null });
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = chars.slice(a, b).join("");
    const covering = events.filter((e) => e.span[0] <= a && e.span[1] >= b && e.span[0] < e.span[1]);
    if (!covering.length) { out.append(piece); continue; }
    const e = covering[0];
    const label = covering.map((c) => `${c.source.code || "?"} → ${c.target.code || "?"} ${c.cameo} ${c.plover}${c.negated ? " (negated)" : ""}`).join("\n");
    out.append(h("mark", { class: covering.every((c) => c.negated) ? "negated" : null, title: label, id: "ev-" + e.id },
      h("a", { href: "#/event/" + enc(e.id) }, piece)));
  }
  return out;
}

// ---- Pages ----
async function home(params) {
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  const data = await api(`/stories?limit=${PAGE}&offset=${offset}`);
  const list = h("ul", { class: "cards" }, data.stories.map((s) => h("li", {},
    h("span", { class: "size", title: "articles" }, s.size),
    h("span", { class: "title" }, storyLink(s.id, s.title || "(untitled story)")),
    meta(s.first_seen && `${day(s.first_seen)} … ${day(s.last_seen)}`,
      s.sources && s.sources.length ? s.sources.slice(0, 5).join(", ") + (s.sources.length > 5 ? ` +${s.sources.length - 5}` : "") : null,
      s.top_terms && s.top_terms.length ? s.top_terms.slice(0, 6).join(", ") : null))));
  show(h("h1", {}, "Stories"), h("p", { class: "meta" }, "Largest first, then most recent."),
    data.stories.length ? list : h("p", { class: "note" }, "No stories yet: ingest some articles with `herald ingest`."),
    pager(offset, data.stories.length, PAGE, data.more, (o) => { location.hash = "#/?offset=" + o; }));
}

async function search(params) {
  const q = params.get("q") || "";
  document.getElementById("q").value = q;
  if (!q.trim()) return show(h("p", { class: "note" }, "Type words to search."));
  const data = await api(`/search?q=${enc(q)}&limit=50`);
  const items = data.hits.map((hit) => h("li", {},
    h("div", { class: "title" }, articleLink(hit.id, hit.label || hit.title || hit.id)),
    meta(day(hit.published), hit.site, hit.story ? storyLink(hit.story, "story") : null),
    h("div", { class: "snippet" }, snippet(hit.snippet))));
  show(h("h1", {}, `Search: ${q}`), h("p", { class: "meta" }, `${data.hits.length} matches`),
    h("ul", { class: "cards" }, items));
}

// The store marks matches as [word]: show them bold without parsing HTML.
function snippet(s) {
  const out = [];
  const re = /\[([^\]]*)\]/g;
  let last = 0, m;
  while ((m = re.exec(s))) {
    out.push(s.slice(last, m.index), h("b", {}, m[1]));
    last = re.lastIndex;
  }
  out.push(s.slice(last));
  return out;
}

// An untitled article is called by its first words, as its story is.
function untitled(text) {
  const first = ((text || "").trim().split("\n")[0] || "").trim();
  const m = first.match(/^.{20,}?\.(?= )/);
  const s = m ? m[0] : first;
  return "(untitled)" + (s ? " " + (s.length > 80 ? s.slice(0, 79) + "…" : s) : "");
}

async function story(id) {
  const s = await api("/stories/" + enc(id));
  if (s.redirected_from) history.replaceState(null, "", "#/story/" + enc(s.id));
  show(h("h1", {}, s.title || "(untitled story)"),
    meta(`${s.size} articles`, s.first_seen && `${day(s.first_seen)} … ${day(s.last_seen)}`,
      s.sources.length ? s.sources.join(", ") : null,
      s.redirected_from ? `merged from ${s.redirected_from}` : null,
      s.thread ? threadLink(s.thread, "thread") : null),
    s.top_terms && s.top_terms.length ? h("p", { class: "meta" }, "Terms: " + s.top_terms.join(", ")) : null,
    h("h2", {}, "Articles"),
    s.members_truncated ? h("p", { class: "note" }, `The first ${s.members.length} of ${s.size}, and their events.`) : null,
    h("ul", { class: "cards" }, s.members.map((m) => h("li", {},
      h("span", { class: "title" }, m.found ? articleLink(m.id, m.label || m.title || m.id) : m.id + " (deleted)"),
      m.id === s.origin ? h("span", { class: "reason" }, "origin") : null,
      meta(day(m.published), m.site)))),
    h("h2", {}, `Events (${s.events.length}${s.events_truncated ? "+" : ""})`),
    eventsTable(s.events, null));
}

async function threads(params) {
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  const data = await api(`/threads?limit=${PAGE}&offset=${offset}`);
  const list = h("ul", { class: "cards" }, data.threads.map((t) => h("li", {},
    h("span", { class: "size", title: "stories" }, t.size),
    h("span", { class: "title" }, threadLink(t.id, t.top_terms && t.top_terms.length ? t.top_terms.slice(0, 5).join(", ") : t.id)),
    meta(t.first_seen && `${day(t.first_seen)} … ${day(t.last_seen)}`, `${t.article_count} articles`))));
  show(h("h1", {}, "Threads"), h("p", { class: "meta" }, "Stories linked over months by shared names and topics; most articles first."),
    data.threads.length ? list : h("p", { class: "note" }, "No threads yet: they form when two stories on one topic are ingested."),
    pager(offset, data.threads.length, PAGE, data.more, (o) => { location.hash = "#/threads?offset=" + o; }));
}

async function thread(id) {
  const t = await api("/threads/" + enc(id));
  show(h("h1", {}, "Thread " + t.id),
    meta(`${t.size} stories`, `${t.article_count} articles`, t.first_seen && `${day(t.first_seen)} … ${day(t.last_seen)}`),
    t.top_terms && t.top_terms.length ? h("p", { class: "meta" }, "Terms: " + t.top_terms.join(", ")) : null,
    h("h2", {}, "Stories"),
    h("ul", { class: "cards" }, t.members.map((m) => h("li", {},
      h("span", { class: "size", title: "articles" }, m.size),
      h("span", { class: "title" }, m.found ? storyLink(m.id, m.title || m.id) : m.id + " (gone)"),
      meta(m.first_seen && `${day(m.first_seen)} … ${day(m.last_seen)}`)))),
    t.related && t.related.length ? h("h2", {}, "Related threads") : null,
    t.related && t.related.length ? h("ul", { class: "cards" }, t.related.map((r) => h("li", {},
      threadLink(r.thread), meta(`similarity ${r.score.toFixed(2)}`, r.gap_days != null ? `${r.gap_days} days apart` : null)))) : null);
}

async function article(id, focus) {
  const a = await api("/articles/" + enc(id));
  const rel = a.relations.length
    ? h("table", {}, h("thead", {}, h("tr", {}, ["Relation", "Article", "Score", "Origin"].map((c) => h("th", {}, c)))),
      h("tbody", {}, a.relations.map((r) => h("tr", {}, h("td", {}, r.type), h("td", {}, articleLink(r.article)),
        h("td", { class: "num" }, r.score.toFixed(3)), h("td", {}, r.origin ? articleLink(r.origin) : "–")))))
    : h("p", { class: "note" }, "No copies or rewrites of this article are known.");
  const removed = h("details", {}, h("summary", {}, `Removed lines (${a.removed.length})`),
    h("ul", { class: "removed" }, a.removed.map((r) => h("li", {}, h("span", { class: "reason" }, r.reason), r.text))));
  show(h("h1", {}, a.title || untitled(a.text)),
    meta(day(a.published), a.site, a.authors.length ? a.authors.join(", ") : null, a.language,
      a.story ? storyLink(a.story, "story") : null, a.url ? sourceLink(a.url) : null),
    a.cites.length ? h("p", { class: "meta" }, "Cites: " + a.cites.join(", ")) : null,
    markedText(a.text, a.events),
    a.removed.length ? removed : null,
    h("h2", {}, `Events (${a.events.length})`), eventsTable(a.events, null),
    h("h2", {}, "Relations"), rel,
    h("p", { class: "meta" }, "Input: ", h("code", {}, a.input), " · id ", h("code", {}, a.id)));
  if (focus) {
    const m = document.getElementById("ev-" + focus);
    if (m) { m.classList.add("focus"); m.scrollIntoView({ block: "center" }); }
  }
}

async function event(id) {
  const e = await api("/events/" + enc(id));
  const p = e.provenance;
  const row = (k, ...v) => [h("dt", {}, k), h("dd", {}, ...v)];
  show(h("h1", {}, `${e.source.code || "?"} → ${e.target.code || "?"}: CAMEO ${e.cameo} (${e.plover})`),
    h("blockquote", {}, p.context_span ? markedText(p.context, [{ ...e, span: p.context_span }], "") : (p.context || e.text)),
    h("dl", { class: "kv" },
      row("Words", h("mark", { class: e.negated ? "negated" : null }, e.text)),
      row("Source", h("code", {}, e.source.code || "–"), " ", e.source.text),
      row("Target", h("code", {}, e.target.code || "–"), " ", e.target.text),
      row("Action", `CAMEO ${e.cameo} · PLOVER ${e.plover} · QuadClass ${e.quad_class} · Goldstein ${e.goldstein}`),
      row("Negated", e.negated ? "yes: kept for provenance, not counted" : "no"),
      row("Date", e.date || "unknown"),
      row("Place", e.place || "–"),
      row("Article", h("a", { href: `#/article/${enc(p.article)}?event=${enc(e.id)}` }, p.title || p.article), " ", meta(day(p.published), p.site)),
      row("Story", p.story ? storyLink(p.story) : "–"),
      row("Where", `sentence ${p.sentence}, characters ${p.span[0]}–${p.span[1]}`),
      row("Pattern", h("code", {}, p.pattern || "–"))));
}

const FILTERS = [["source", "Source", "CHN"], ["target", "Target", "IRQ"], ["cameo", "CAMEO", "03"],
  ["plover", "PLOVER", "AGREE"], ["quadclass", "QuadClass", "1-4"],
  ["since", "Since", "2014-12-01"], ["until", "Until", "2014-12-31"], ["story", "Story", "s-…"],
  ["site", "Site", "Atlas Daily"], ["article", "Article", "id"]];

async function events(params) {
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  const qs = new URLSearchParams();
  for (const [k] of FILTERS) if (params.get(k)) qs.set(k, params.get(k));
  if (params.get("negated") === "true") qs.set("negated", "true");
  const form = h("form", { class: "filters" },
    FILTERS.map(([k, label, ph]) => h("label", {}, label, h("input", { name: k, placeholder: ph, value: params.get(k) || "" }))),
    h("label", {}, "Negated", h("select", { name: "negated" }, h("option", { value: "" }, "hide"),
      h("option", { value: "true", selected: params.get("negated") === "true" }, "show"))),
    h("button", { type: "submit" }, "Filter"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (String(v).trim()) f.set(k, String(v).trim());
    location.hash = "#/events?" + f.toString();
  });
  let body;
  try {
    const data = await api(`/events?${qs}&limit=${PAGE * 5}&offset=${offset}`);
    body = [eventsTable(data.events, data.articles),
      pager(offset, data.events.length, PAGE * 5, data.more, (o) => { qs.set("offset", o); location.hash = "#/events?" + qs; })];
  } catch (e) {
    body = [h("p", { class: "error" }, e.message)];
  }
  const views = h("p", { class: "meta" }, "This list: ",
    h("a", { href: "/api/events/download?format=csv&" + qs }, "download CSV"), " · ",
    h("a", { href: "/api/events/download?format=jsonl&" + qs }, "JSON lines"), " · ",
    h("a", { href: "#/timeline?" + qs }, "timeline"));
  show(h("h1", {}, "Events"), form, views, body);
}

// Events per day or week by QuadClass or PLOVER type, for the same filters
// as the events list: counts as bars, mean Goldstein beside them.
async function timeline(params) {
  const qs = new URLSearchParams();
  for (const [k] of FILTERS) if (params.get(k)) qs.set(k, params.get(k));
  const interval = params.get("interval") === "day" ? "day" : "week";
  const by = params.get("by") === "plover" ? "plover" : "quadclass";
  const link = (i, b, label) => h("a", { href: `#/timeline?${qs}&interval=${i}&by=${b}` }, label);
  const data = await api(`/timeline?${qs}&interval=${interval}&by=${by}`);
  const max = Math.max(1, ...data.buckets.map((b) => b.count));
  const periods = [...new Set(data.buckets.map((b) => b.period))];
  const QUAD = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" };
  const rows = periods.map((p) => h("tr", {}, h("td", {}, p),
    h("td", {}, data.buckets.filter((b) => b.period === p).map((b) => h("div", { class: "bar-row" },
      h("span", { class: "bar q" + (by === "quadclass" ? b.key : "") , style: `width:${Math.round(240 * b.count / max)}px` }),
      ` ${by === "quadclass" ? QUAD[b.key] || b.key : b.key}: ${b.count} (Goldstein ${b.mean_goldstein > 0 ? "+" : ""}${b.mean_goldstein.toFixed(1)})`)))));
  show(h("h1", {}, "Timeline"),
    h("p", { class: "meta" }, `${data.events} events`, data.undated ? `, ${data.undated} undated (not shown)` : "",
      data.truncated ? " — more matched than the timeline covers: narrow the filters" : "", " · per ",
      link("day", by, "day"), " / ", link("week", by, "week"), " · by ",
      link(interval, "quadclass", "QuadClass"), " / ", link(interval, "plover", "PLOVER type"), " · ",
      h("a", { href: "#/events?" + qs }, "the events")),
    rows.length ? h("table", {}, h("thead", {}, h("tr", {}, h("th", {}, interval === "week" ? "Week of" : "Day"), h("th", {}, "Events"))),
      h("tbody", {}, rows)) : h("p", { class: "note" }, "No dated events."));
}

async function rejects(params) {
  const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
  const data = await api(`/rejects?limit=100&offset=${offset}`);
  show(h("h1", {}, "Rejects and warnings"),
    data.rejects.length ? h("table", {}, h("thead", {}, h("tr", {}, ["Input", "Reason", "Detail", "Kind"].map((c) => h("th", {}, c)))),
      h("tbody", {}, data.rejects.map((r) => h("tr", {}, h("td", {}, h("code", {}, r.input + (r.line ? ":" + r.line : ""))),
        h("td", {}, r.reason), h("td", {}, r.detail), h("td", {}, r.fatal ? "rejected" : "warning")))))
      : h("p", { class: "note" }, "Nothing was rejected."),
    pager(offset, data.rejects.length, 100, data.more, (o) => { location.hash = "#/rejects?offset=" + o; }, data.total));
}

// ---- Router ----
async function route() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const [path, query] = raw.split("?", 2);
  const params = new URLSearchParams(query || "");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  try {
    switch (parts[0]) {
      case undefined: return await home(params);
      case "search": return await search(params);
      case "story": return await story(parts.slice(1).join("/"));
      case "threads": return await threads(params);
      case "thread": return await thread(parts.slice(1).join("/"));
      case "article": return await article(parts.slice(1).join("/"), params.get("event"));
      case "event": return await event(parts.slice(1).join("/"));
      case "events": return await events(params);
      case "timeline": return await timeline(params);
      case "rejects": return await rejects(params);
      default: show(h("p", { class: "error" }, "No such page."));
    }
  } catch (e) {
    fail(e);
  }
}

document.getElementById("search").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const q = document.getElementById("q").value.trim();
  if (q) location.hash = "#/search?q=" + enc(q);
});
window.addEventListener("hashchange", route);
route();
api("/status").then((c) => {
  document.getElementById("status").textContent =
    `${c.articles} articles · ${c.stories} stories · ${c.threads} threads · ${c.events} events · ${c.relations} relations · ${c.rejects} rejects`;
}).catch(() => {});
