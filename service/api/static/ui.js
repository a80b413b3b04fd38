// The analyst's page: posts the article to the same-origin API and draws the answer.
// Plain ES2019, no dependencies, no build step. Every piece of text that came from the article or
// the API goes into the page through textContent or setAttribute, never as markup.
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const LABELS = ["supportive", "critical", "neutral"];
  const METRIC_NAMES = { trade_volume: "trade volume" };

  const $ = (id) => document.getElementById(id);
  const state = { result: null, text: "", cp: null, stanceIndex: -1, blobUrl: null };

  // -- small DOM helpers ---------------------------------------------------------------------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    setAttrs(node, attrs);
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : String(child));
    }
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG, tag);
    setAttrs(node, attrs);
    return node;
  }

  function setAttrs(node, attrs) {
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.setAttribute("class", value);
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    }
  }

  // -- offsets: the API counts Unicode code points, JavaScript strings count UTF-16 units ------

  function codePointIndex(text) {
    // cp[i] is the UTF-16 offset of code point i; cp[n] is text.length.
    const cp = [];
    let u = 0;
    for (const ch of text) {
      cp.push(u);
      u += ch.length;
    }
    cp.push(u);
    return cp;
  }

  function u16(offset) {
    const cp = state.cp;
    if (!Number.isInteger(offset) || offset < 0) return 0;
    return offset < cp.length ? cp[offset] : cp[cp.length - 1];
  }

  function slice(start, end) {
    return state.text.slice(u16(start), u16(end));
  }

  // -- formatting ----------------------------------------------------------------------------

  const entity = (id) => (state.result.entities || []).find((e) => e.id === id);
  const entityName = (id) => (entity(id) ? entity(id).name : id);

  function metricName(metric) {
    return METRIC_NAMES[metric] || String(metric || "").replace(/_/g, " ");
  }

  function number(value) {
    if (value === null || value === undefined) return "—";
    return new Intl.NumberFormat("en", { maximumFractionDigits: 4 }).format(value);
  }

  function amount(fig) {
    const qualifier = fig.qualifier ? fig.qualifier + " " : fig.approximate ? "about " : "";
    const range = fig.value_max !== null && fig.value_max !== undefined;
    const value = range ? `${number(fig.value)}–${number(fig.value_max)}` : number(fig.value);
    const what = fig.currency || fig.unit || "";
    const assumed = fig.currency && fig.currency_assumed ? " (currency assumed)" : "";
    return `${qualifier}${value} ${what}`.trim() + assumed;
  }

  function change(ch) {
    if (!ch) return null;
    const what = ch.currency || ch.unit || "";
    const kind = ch.kind === "previous" ? "from a previous level of" : "by";
    return `${ch.direction} ${kind} ${number(ch.value)} ${what}`.trim() + ` (“${ch.text}”)`;
  }

  function parties(fig) {
    const roles = fig.roles || {};
    return (fig.parties || [])
      .map((id) => (roles[id] ? `${entityName(id)} (${roles[id]})` : entityName(id)))
      .join(", ");
  }

  // What a highlight shows on hover or focus: the normalized value of its item.
  function describe(span) {
    if (span.kind === "ent") {
      const e = span.item;
      const lines = [
        [e.name, "strong"],
        [[e.type, e.country ? `country ${e.country}` : null, e.wikidata].filter(Boolean).join(" · ")],
      ];
      if (span.mention.metonym) lines.push([`“${span.mention.text}” stands for its government`]);
      return lines;
    }
    if (span.kind === "date") {
      const d = span.item;
      const lines = [[`${d.type} ${d.value === null ? "(unresolved)" : d.value}`, "strong"]];
      if (d.mod) lines.push([`modifier ${d.mod}`]);
      const anchor = state.result.meta && state.result.meta.anchor_date;
      if (anchor && anchor.value) lines.push([`anchor ${anchor.value} (${anchor.source})`]);
      return lines;
    }
    const f = span.item;
    if (span.isChange) {
      return [[`change: ${change(f.change)}`, "strong"], [`of ${metricName(f.metric)} “${f.text}”: ${amount(f)}`]];
    }
    const lines = [[amount(f), "strong"], [`metric: ${metricName(f.metric)}`]];
    if ((f.parties || []).length) lines.push([`parties: ${parties(f)}`]);
    if (f.period) lines.push([`period: ${f.period}`]);
    if (f.source) lines.push([`source: ${f.source}`]);
    if (f.change) lines.push([`change: ${change(f.change)}`]);
    return lines;
  }

  // -- the article with its highlights ---------------------------------------------------------

  function highlightSpans(result) {
    const spans = [];
    for (const e of result.entities || []) {
      for (const m of e.mentions || []) spans.push({ kind: "ent", item: e, mention: m, ...range(m) });
    }
    (result.dates || []).forEach((d) => spans.push({ kind: "date", item: d, ...range(d) }));
    for (const f of result.trade_figures || []) {
      spans.push({ kind: "fig", item: f, ...range(f) });
      // "up 30% from a year earlier": highlighted too, and tied to the figure it modifies.
      if (f.change) spans.push({ kind: "fig", item: f, isChange: true, ...range(f.change) });
    }
    const priority = { fig: 0, date: 1, ent: 2 }; // outermost first when two spans coincide
    return spans
      .filter((s) => s.start < s.end)
      .sort((a, b) => a.start - b.start || b.end - a.end || priority[a.kind] - priority[b.kind]);
  }

  function range(item) {
    return { start: u16(item.start), end: u16(item.end) };
  }

  // Nest the spans into a tree; a span that crosses another's boundary is left to the tables.
  function nest(spans) {
    const root = { start: 0, end: Infinity, children: [] };
    const stack = [root];
    for (const span of spans) {
      while (stack[stack.length - 1].end <= span.start) stack.pop();
      const parent = stack[stack.length - 1];
      if (span.end > parent.end) continue;
      span.children = [];
      parent.children.push(span);
      stack.push(span);
    }
    return root;
  }

  function renderArticle(result) {
    const text = state.text;
    // Evidence sentences and cues may start or end anywhere: cut the text there too, so that
    // highlighting a stance's evidence is only a matter of classes on existing pieces.
    const cuts = new Set([0, text.length]);
    for (const s of result.stances || []) {
      for (const ev of s.evidence || []) {
        [ev, ...(ev.cues || [])].forEach((r) => {
          cuts.add(u16(r.start));
          cuts.add(u16(r.end));
        });
      }
    }
    const sortedCuts = [...cuts].sort((a, b) => a - b);
    const marks = [];

    function pieces(parent, start, end) {
      let from = start;
      for (const cut of sortedCuts) {
        if (cut <= from) continue;
        if (cut >= end) break;
        parent.append(segment(from, cut));
        from = cut;
      }
      if (from < end) parent.append(segment(from, end));
    }

    function segment(start, end) {
      return el("span", { class: "seg", "data-s": start, "data-e": end, text: text.slice(start, end) });
    }

    function render(parent, node) {
      let at = node.start;
      for (const child of node.children) {
        pieces(parent, at, child.start);
        const mark = el("mark", {
          class: `hl ${child.kind}${child.isChange ? " change" : ""}`,
          tabindex: 0,
          "data-kind": child.kind,
          "data-i": marks.length,
          "data-entity": child.kind === "ent" ? child.item.id : null,
          "data-name": child.kind === "ent" ? child.item.name : null,
          "data-value": child.kind === "date" ? child.item.value : null,
        });
        marks.push(child);
        render(mark, child);
        parent.append(mark);
        at = child.end;
      }
      pieces(parent, at, Math.min(node.end, text.length));
    }

    const article = $("article");
    article.replaceChildren();
    render(article, nest(highlightSpans(result)));
    state.marks = marks;
  }

  // -- tooltip on hover and focus ----------------------------------------------------------------

  function showTip(mark) {
    const span = state.marks[Number(mark.dataset.i)];
    if (!span) return;
    const tip = $("tip");
    tip.replaceChildren(...describe(span).map(([line, tag]) => el(tag || "span", { text: line })));
    tip.hidden = false;
    mark.setAttribute("aria-describedby", "tip");
    const box = mark.getBoundingClientRect();
    const width = tip.offsetWidth;
    const left = Math.max(8, Math.min(box.left, document.documentElement.clientWidth - width - 8));
    tip.style.left = `${left + window.scrollX}px`;
    tip.style.top = `${box.bottom + window.scrollY + 6}px`;
  }

  function hideTip(mark) {
    $("tip").hidden = true;
    if (mark) mark.removeAttribute("aria-describedby");
  }

  function wireTips() {
    const article = $("article");
    const markOf = (event) => event.target.closest && event.target.closest("mark.hl");
    article.addEventListener("mouseover", (e) => markOf(e) && showTip(markOf(e)));
    article.addEventListener("mouseout", (e) => markOf(e) && hideTip(markOf(e)));
    article.addEventListener("focusin", (e) => markOf(e) && showTip(markOf(e)));
    article.addEventListener("focusout", (e) => markOf(e) && hideTip(markOf(e)));
    document.addEventListener("keydown", (e) => {
      if (e.key === "Escape") hideTip(document.activeElement.closest("mark.hl"));
    });
  }

  // -- the stance graph ------------------------------------------------------------------------

  // Which stances the graph draws: supportive and critical by default, above the chosen score.
  function drawn(s) {
    const minimum = Number($("min-score").value) || 0;
    return (s.label !== "neutral" || $("show-neutral").checked) && s.score >= minimum;
  }

  function renderGraph(result) {
    const host = $("graph");
    host.replaceChildren();
    const all = result.stances || [];
    const stances = all.filter(drawn);
    const ids = [];
    for (const s of stances) [s.holder, s.target].forEach((id) => ids.includes(id) || ids.push(id));
    if (!stances.length) {
      const why = all.length ? "No stance passes the filters above." : "No stances found.";
      host.append(el("p", { class: "empty", text: why }));
      return;
    }
    // The ring grows with the number of actors, so labels and handles keep some room.
    const R = 20; // node radius
    const ring = Math.min(300, 160 + Math.max(0, ids.length - 8) * 14);
    const W = 2 * ring + 400;
    const H = 2 * ring + 140;
    const pos = {};
    ids.forEach((id, i) => {
      const angle = (2 * Math.PI * i) / ids.length - Math.PI / 2;
      pos[id] = { x: W / 2 + ring * Math.cos(angle), y: H / 2 + ring * Math.sin(angle), angle };
    });

    const root = svg("svg", {
      viewBox: `0 0 ${W} ${H}`,
      role: "group",
      "aria-label": `Stance graph: ${ids.length} actors, ${stances.length} of ${all.length} stances`,
    });
    const defs = svg("defs");
    for (const label of LABELS) {
      const marker = svg("marker", {
        id: `arrow-${label}`,
        viewBox: "0 0 10 10",
        refX: 9,
        refY: 5,
        markerWidth: 12,
        markerHeight: 12,
        markerUnits: "userSpaceOnUse",
        orient: "auto",
      });
      marker.append(svg("path", { d: "M0,0 L10,5 L0,10 z", class: `arrowhead ${label}` }));
      defs.append(marker);
    }
    root.append(defs);

    // Wide transparent strokes that make each line easy to click, beneath every edge: an edge
    // drawn later must not cover an earlier one's handle.
    const hits = svg("g", { class: "hits" });
    const edges = svg("g", { class: "edges" });
    all.forEach((s, i) => {
      if (!drawn(s)) return;
      const a = pos[s.holder];
      const b = pos[s.target];
      if (!a || !b || s.holder === s.target) return;
      // Curve every edge to its left: A->B and B->A then bend apart instead of overlapping.
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const len = Math.hypot(dx, dy) || 1;
      const bend = 0.18 * len;
      const c = { x: (a.x + b.x) / 2 + (dy / len) * bend, y: (a.y + b.y) / 2 - (dx / len) * bend };
      const from = towards(a, c, R + 2);
      const to = towards(b, c, R + 4);
      const d = `M${f1(from.x)},${f1(from.y)} Q${f1(c.x)},${f1(c.y)} ${f1(to.x)},${f1(to.y)}`;
      const n = (s.evidence || []).length;
      const label = LABELS.includes(s.label) ? s.label : "neutral";
      const holder = entityName(s.holder);
      const target = entityName(s.target);
      const name = `${holder} to ${target}: ${s.label}, score ${s.score}, ${n} evidence sentence${n === 1 ? "" : "s"}`;
      const g = svg("g", {
        class: `edge ${label}`,
        tabindex: 0,
        role: "button",
        "aria-label": name,
        "aria-pressed": "false",
        "data-i": i,
        "data-holder": holder,
        "data-target": target,
        "data-label": s.label,
      });
      const title = svg("title");
      title.textContent = name;
      g.append(title, svg("path", { d, class: "halo" }));
      const hit = svg("path", { d, class: "hit", "data-i": i });
      hit.addEventListener("click", () => selectStance(i));
      hits.append(hit);
      g.append(
        svg("path", {
          d,
          class: "line",
          "stroke-width": f1(1.5 + 1.5 * Math.min(n, 6)),
          "marker-end": `url(#arrow-${label})`,
        }),
      );
      // A handle at the middle of the curve: shows the evidence count and is easy to hit.
      const mid = { x: 0.25 * from.x + 0.5 * c.x + 0.25 * to.x, y: 0.25 * from.y + 0.5 * c.y + 0.25 * to.y };
      g.append(svg("circle", { class: "handle", cx: f1(mid.x), cy: f1(mid.y), r: 10 }));
      const count = svg("text", { class: "count", x: f1(mid.x), y: f1(mid.y + 4), "text-anchor": "middle" });
      count.textContent = String(n);
      g.append(count);
      g.addEventListener("click", () => selectStance(i));
      g.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          selectStance(i);
        }
      });
      edges.append(g);
    });
    root.append(hits, edges);

    const nodes = svg("g", { class: "nodes", "aria-hidden": "true" });
    for (const id of ids) {
      const p = pos[id];
      const e = entity(id);
      const g = svg("g", { class: `node ${e ? e.type : ""}`, "data-id": id });
      g.addEventListener("click", () => pickEntity(id)); // keyboard users have the table's buttons
      g.append(svg("circle", { cx: f1(p.x), cy: f1(p.y), r: R }));
      const right = Math.cos(p.angle) >= -0.01;
      const lx = p.x + Math.cos(p.angle) * (R + 8);
      const ly = p.y + Math.sin(p.angle) * (R + 8);
      const vertical = Math.abs(Math.cos(p.angle)) < 0.3;
      const text = svg("text", {
        x: f1(vertical ? p.x : lx),
        y: f1(vertical ? (Math.sin(p.angle) < 0 ? p.y - R - 8 : p.y + R + 18) : ly + 5),
        "text-anchor": vertical ? "middle" : right ? "start" : "end",
      });
      const full = entityName(id);
      text.textContent = full.length > 22 ? full.slice(0, 21) + "…" : full;
      const initials = svg("text", { x: f1(p.x), y: f1(p.y + 4), "text-anchor": "middle", class: "initials" });
      initials.textContent = e && e.type === "GPE" && e.country ? e.country : initialsOf(full);
      g.append(text, initials);
      nodes.append(g);
    }
    root.append(nodes);
    host.append(root);
  }

  function towards(p, q, distance) {
    const dx = q.x - p.x;
    const dy = q.y - p.y;
    const len = Math.hypot(dx, dy) || 1;
    return { x: p.x + (dx / len) * distance, y: p.y + (dy / len) * distance };
  }

  function initialsOf(name) {
    const words = name.split(/\s+/).filter((w) => /^[A-Z0-9]/.test(w));
    return (words.length ? words : [name]).map((w) => w[0]).join("").slice(0, 3).toUpperCase();
  }

  const f1 = (x) => Math.round(x * 10) / 10;

  // -- a stance's evidence: listed beside the graph and highlighted in the text ---------------------

  function selectStance(i, fromTable) {
    const s = (state.result.stances || [])[i];
    if (!s) return;
    state.stanceIndex = i;
    document.querySelectorAll(".edge").forEach((g) => {
      const on = Number(g.dataset.i) === i;
      g.classList.toggle("selected", on);
      g.setAttribute("aria-pressed", on ? "true" : "false");
    });
    document.querySelectorAll("#stances-table tbody tr").forEach((tr) => {
      tr.classList.toggle("selected", Number(tr.dataset.i) === i);
    });

    const evidence = s.evidence || [];
    const box = $("evidence");
    const heading = el(
      "h3",
      {},
      `${entityName(s.holder)} → ${entityName(s.target)}: `,
      el("span", { class: `label ${s.label}`, text: s.label }),
      ` (score ${s.score})`,
    );
    const list = el("ol", { class: "evidence-list" });
    for (const ev of evidence) {
      const sentence = el("q", { class: "sentence" });
      let at = ev.start;
      const cues = [...(ev.cues || [])].sort((a, b) => a.start - b.start);
      for (const cue of cues) {
        if (cue.start < at || cue.end > ev.end) continue;
        sentence.append(slice(at, cue.start), el("strong", { class: "cue", text: slice(cue.start, cue.end) }));
        at = cue.end;
      }
      sentence.append(slice(at, ev.end));
      const flags = [];
      if (ev.attributed_to) flags.push(`attributed to ${entityName(ev.attributed_to)}`);
      if (ev.negated) flags.push("negated");
      if (ev.hedged) flags.push("hedged");
      const cueWords = cues.map((c) => c.text).join(", ");
      const jump = el("button", { type: "button", class: "small", text: "show in text" });
      jump.addEventListener("click", () => {
        const seg = document.querySelector(`#article .seg[data-s="${u16(ev.start)}"]`);
        if (seg) revealInArticle(seg, true);
      });
      const meta = [cueWords ? `cues: ${cueWords}` : "no cue words", ...flags].join(" · ");
      list.append(el("li", {}, sentence, el("div", { class: "ev-meta" }, meta, " ", jump)));
    }
    box.replaceChildren(heading, evidence.length ? list : el("p", { text: "No evidence sentences." }));

    // Highlight the evidence sentences and their cues in the article.
    const ranges = evidence.map(range);
    const cueRanges = evidence.flatMap((ev) => (ev.cues || []).map(range));
    const within = (s0, e0, rs) => rs.some((r) => s0 >= r.start && e0 <= r.end);
    let first = null;
    document.querySelectorAll("#article .seg").forEach((seg) => {
      const s0 = Number(seg.dataset.s);
      const e0 = Number(seg.dataset.e);
      const ev = within(s0, e0, ranges);
      seg.classList.toggle("ev", ev);
      seg.classList.toggle("cue", within(s0, e0, cueRanges));
      if (ev && !first) first = seg;
    });
    // Wide screens: bring the evidence up inside the article box, the graph stays in view.
    // Narrow screens (the article is not a box of its own): from a table row, go to the list.
    if (first && articleScrolls()) revealInArticle(first);
    else if (fromTable) box.scrollIntoView({ block: "start", behavior: "smooth" });
  }

  function articleScrolls() {
    const article = $("article");
    return article.scrollHeight > article.clientHeight + 1;
  }

  // Scroll the article box (not the page) to a node; on narrow screens, scroll the page.
  function revealInArticle(node, always) {
    const article = $("article");
    if (articleScrolls()) {
      const top = node.getBoundingClientRect().top - article.getBoundingClientRect().top;
      article.scrollTo({ top: Math.max(0, article.scrollTop + top - article.clientHeight / 3), behavior: "smooth" });
      if (always) article.scrollIntoView({ block: "nearest", behavior: "smooth" });
    } else {
      node.scrollIntoView({ block: "center", behavior: "smooth" });
    }
  }

  // -- the four tables -------------------------------------------------------------------------

  function table(label, columns, rows) {
    if (!rows.length) return el("p", { class: "empty", text: `No ${label}.` });
    const head = el("tr", {}, ...columns.map((c) => el("th", { scope: "col", text: c })));
    const body = el("tbody");
    rows.forEach((cells, i) => {
      const tr = el("tr", { "data-i": i });
      cells.forEach((cell) => tr.append(el("td", {}, cell === null || cell === undefined ? "—" : cell)));
      body.append(tr);
    });
    return el("table", { "aria-label": label }, el("thead", {}, head), body);
  }

  function entityButton(e) {
    const button = el("button", {
      type: "button",
      class: "link",
      "aria-label": `Show the mentions of ${e.name} in the text`,
      text: e.name,
    });
    button.addEventListener("click", () => pickEntity(e.id));
    return button;
  }

  // Outline every mention of one entity in the article (from its table row or its graph node).
  function pickEntity(id) {
    let first = null;
    document.querySelectorAll("#article mark.ent").forEach((mark) => {
      const on = mark.dataset.entity === id;
      mark.classList.toggle("picked", on);
      if (on && !first) first = mark;
    });
    if (first) revealInArticle(first, true);
  }

  // "China ×6, Beijing (metonym) ×3": each distinct mention once, with its count.
  function mentionSummary(mentions) {
    const counts = new Map();
    for (const m of mentions) {
      const key = m.metonym ? `${m.text} (metonym)` : m.text;
      counts.set(key, (counts.get(key) || 0) + 1);
    }
    return [...counts].map(([key, n]) => (n > 1 ? `${key} ×${n}` : key)).join(", ");
  }

  function renderTables(result) {
    const entities = result.entities || [];
    $("entities-table").replaceChildren(
      table(
        "entities",
        ["Name", "Type", "Country", "Wikidata", "Mentions", "Salience"],
        entities.map((e) => [
          entityButton(e),
          e.type,
          e.country,
          e.wikidata,
          mentionSummary(e.mentions || []),
          e.salience,
        ]),
      ),
    );
    $("dates-table").replaceChildren(
      table(
        "dates",
        ["Text", "Type", "Value (TIMEX3)", "Modifier", "Offsets"],
        (result.dates || []).map((d) => [d.text, d.type, d.value, d.mod, `${d.start}–${d.end}`]),
      ),
    );
    $("figures-table").replaceChildren(
      table(
        "trade figures",
        ["Text", "Amount", "Metric", "Parties", "Period", "Source", "Change"],
        (result.trade_figures || []).map((f) => [
          f.text,
          amount(f),
          metricName(f.metric),
          parties(f) || null,
          f.period,
          f.source,
          change(f.change),
        ]),
      ),
    );
    $("stances-table").replaceChildren(
      table(
        "stances",
        ["Holder", "Target", "Label", "Score", "Evidence"],
        (result.stances || []).map((s, i) => {
          const n = (s.evidence || []).length;
          const button = el("button", {
            type: "button",
            class: "small",
            "aria-label": `Show the evidence for ${entityName(s.holder)} to ${entityName(s.target)}`,
            text: `${n} · show`,
          });
          button.addEventListener("click", () => {
            selectStance(i, true);
            $("evidence").focus({ preventScroll: true });
          });
          return [entityName(s.holder), entityName(s.target), el("span", { class: `label ${s.label}`, text: s.label }), s.score, button];
        }),
      ),
    );
  }

  // -- talking to the API ------------------------------------------------------------------------

  function setStatus(message, isError) {
    const status = $("status");
    status.textContent = message;
    status.classList.toggle("error", Boolean(isError));
  }

  function setBusy(busy) {
    $("run").disabled = busy;
    $("example").disabled = busy;
    $("extract-form").setAttribute("aria-busy", busy ? "true" : "false");
  }

  async function problemMessage(response) {
    let problem = null;
    try {
      problem = await response.json();
    } catch (_) {
      /* not JSON: the status line is all there is */
    }
    if (!problem) return `Error ${response.status}.`;
    let message = `Error ${response.status}: ${problem.title || ""}${problem.detail ? " — " + problem.detail : ""}`;
    if (problem.errors) {
      const fields = Object.entries(problem.errors).map(([k, v]) => `${k}: ${[].concat(v).join(" ")}`);
      message += ` (${fields.join("; ")})`;
    }
    return message;
  }

  async function extract() {
    const text = $("text").value;
    if (!text.trim()) {
      setStatus("Paste an article first.", true);
      $("text").focus();
      return;
    }
    const body = { text };
    if ($("published").value) body.published = $("published").value;
    const headers = { "Content-Type": "application/json", Accept: "application/json" };
    const key = $("api-key").value.trim();
    if (key) headers["X-API-Key"] = key;
    setBusy(true);
    setStatus("Extracting…");
    try {
      const response = await fetch("/v1/extract", { method: "POST", headers, body: JSON.stringify(body) });
      if (!response.ok) {
        setStatus(await problemMessage(response), true);
        return;
      }
      show(text, await response.json());
    } catch (error) {
      setStatus(`The service could not be reached: ${error.message}`, true);
    } finally {
      setBusy(false);
    }
  }

  function show(text, result) {
    state.text = text;
    state.cp = codePointIndex(text);
    state.result = result;
    state.stanceIndex = -1;
    renderArticle(result);
    renderGraph(result);
    renderTables(result);
    const prompt = (result.stances || []).length ? "Select a stance to see its evidence." : "";
    $("evidence").replaceChildren(...(prompt ? [el("p", { class: "hint", text: prompt })] : []));

    if (state.blobUrl) URL.revokeObjectURL(state.blobUrl);
    state.blobUrl = URL.createObjectURL(new Blob([JSON.stringify(result, null, 2)], { type: "application/json" }));
    $("raw-json").href = state.blobUrl;
    $("download-json").href = state.blobUrl;

    const meta = result.meta || {};
    const anchor = meta.anchor_date && meta.anchor_date.value ? `anchor ${meta.anchor_date.value}` : "no anchor date";
    $("meta-line").textContent = `service ${meta.service_version || "?"} · ${anchor} · ${meta.elapsed_ms} ms`;
    $("warnings").replaceChildren(...(meta.warnings || []).map((w) => el("li", { text: `${w.code}: ${w.message}` })));

    const count = (k, one, many) => {
      const n = (result[k] || []).length;
      return `${n} ${n === 1 ? one : many}`;
    };
    setStatus(
      `Found ${count("entities", "entity", "entities")}, ${count("dates", "date", "dates")}, ` +
        `${count("trade_figures", "trade figure", "trade figures")} and ${count("stances", "stance", "stances")}.`,
    );
    $("results").hidden = false;
    document.body.dataset.state = "done"; // lets the browser tests wait for a finished render
  }

  async function loadExample() {
    setBusy(true);
    setStatus("Loading the example article…");
    try {
      const response = await fetch($("example").dataset.seedUrl, { headers: { Accept: "application/json" } });
      if (!response.ok) {
        setStatus(await problemMessage(response), true);
        return;
      }
      const seed = await response.json();
      $("text").value = seed.text;
      $("published").value = seed.published || "";
    } catch (error) {
      setStatus(`The example could not be loaded: ${error.message}`, true);
      return;
    } finally {
      setBusy(false);
    }
    await extract();
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("extract-form").addEventListener("submit", (e) => {
      e.preventDefault();
      extract();
    });
    $("example").addEventListener("click", loadExample);
    wireTips();
    // Graph filters: redraw, keeping the selected stance marked if it is still drawn.
    const redraw = () => {
      $("min-score-out").textContent = Number($("min-score").value).toFixed(2);
      if (!state.result) return;
      renderGraph(state.result);
      document.querySelectorAll(".edge").forEach((g) => {
        const on = Number(g.dataset.i) === state.stanceIndex;
        g.classList.toggle("selected", on);
        g.setAttribute("aria-pressed", on ? "true" : "false");
      });
    };
    $("show-neutral").addEventListener("change", redraw);
    $("min-score").addEventListener("input", redraw);
  });
})();
