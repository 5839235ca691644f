// The review page of one document: tables that filter and sort, a row's evidence (the page
// image with its box, the sentence in its paragraph, provenance, checks) and the lines for
// pipeline/corrections.csv a reviewer's verdicts make. Reads window.REVIEW (data.js); needs
// no network and no library, so the folder works from file://.
"use strict";
(function () {
  const R = window.REVIEW;
  const COLUMNS = ["doc_id", "table", "row_id", "action", "column", "value", "note"];
  const state = { table: null, sort: null, desc: false, filter: "", row: null, lines: [] };
  const $ = (sel) => document.querySelector(sel);
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const kid of kids) {
      if (kid === null || kid === undefined) continue;
      e.append(kid instanceof Node ? kid : document.createTextNode(String(kid)));
    }
    return e;
  }
  const text = (v) => (v === null || v === undefined ? "" : String(v));
  const corrected = (row) => text(row.provenance).startsWith("corrected");

  // RFC 4180, as Python's csv module writes it: quote a field holding a comma, a quote or a
  // line break, doubling its quotes.
  function csvField(v) {
    const s = text(v);
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function line(table, rowId, action, column, value, note) {
    return [R.doc_id, table, rowId, action, column || "", value || "", note || ""].map(csvField).join(",");
  }
  function addLines(lines) {
    state.lines.push(...lines);
    drawCorrections();
  }

  function head() {
    const d = R.document || {};
    const cover = ["members_coverage", "groups_coverage", "chair_coverage"]
      .map((c) => c.replace("_coverage", "") + ": " + (text(d[c]) || "?")).join(", ");
    $("#doc-head").append(
      el("h1", {}, R.doc_id, " ", el("small", {}, text(R.title))),
      el("p", {}, [R.kind, R.year, R.source ? "source " + R.source : ""].filter(Boolean).join(" · "),
        el("br"), "coverage: " + cover),
    );
    if (R.source_note) $("#doc-head").append(el("p", { class: "warn" }, R.source_note));
  }

  function checks() {
    const box = $("#checks");
    box.append(el("h2", {}, `Checks (${R.checks.length})`));
    if (!R.checks.length) box.append(el("p", {}, "No checks."));
    const list = el("ul", { id: "check-list" });
    R.checks.forEach((c, i) => {
      const links = c.rows.map((r) => el("a", { href: `#t=${r.table}&r=${encodeURIComponent(r.row_id)}`, class: "row-link" }, `${r.table}/${r.row_id}`));
      const pages = (c.pages || []).map((p) => el("a", { href: `#page=${p}`, class: "page-link" }, `page ${p}`));
      const li = el("li", { class: "check " + text(c.severity), id: "check-" + i },
        el("span", { class: "sev" }, text(c.severity)), " ", el("code", {}, text(c.code)), " ", text(c.message));
      if (links.length || pages.length) {
        const more = el("span", { class: "links" });
        [...links, ...pages].forEach((a) => { more.append(" ", a); });
        li.append(more);
      }
      list.append(li);
    });
    box.append(list);
  }

  function tabs() {
    const nav = $("#tabs");
    for (const [name, t] of Object.entries(R.tables)) {
      const label = `${name} (${t.rows.length}${t.corrected ? ", " + t.corrected + " corrected" : ""})`;
      nav.append(el("button", { class: "tab", "data-table": name, onclick: () => { location.hash = "t=" + name; } }, label));
    }
  }

  function visibleColumns(t) {
    return t.columns.filter((c) => c !== "doc_id" && c !== "bbox");
  }

  function drawTable() {
    const t = R.tables[state.table];
    document.querySelectorAll(".tab").forEach((b) => b.classList.toggle("active", b.dataset.table === state.table));
    const cols = visibleColumns(t);
    let rows = t.rows.slice();
    const f = state.filter.toLowerCase();
    if (f) rows = rows.filter((r) => cols.some((c) => text(r[c]).toLowerCase().includes(f)));
    if (state.sort) {
      const c = state.sort;
      const num = rows.every((r) => r[c] === null || r[c] === "" || !isNaN(Number(r[c])));
      rows.sort((a, b) => {
        const x = a[c], y = b[c];
        const cmp = num ? (Number(x ?? -Infinity) - Number(y ?? -Infinity)) : text(x).localeCompare(text(y));
        return state.desc ? -cmp : cmp;
      });
    }
    const thead = el("tr", {}, ...cols.map((c) => el("th", {
      "data-col": c, class: state.sort === c ? (state.desc ? "desc" : "asc") : "",
      onclick: () => { state.desc = state.sort === c ? !state.desc : false; state.sort = c; drawTable(); },
    }, c)));
    const body = el("tbody");
    for (const r of rows) {
      const id = text(r[t.key]);
      const tr = el("tr", {
        "data-id": id, class: (corrected(r) ? "corrected " : "") + (id === state.row ? "selected" : ""),
        onclick: () => { location.hash = `t=${state.table}&r=${encodeURIComponent(id)}`; },
      }, ...cols.map((c) => el("td", { title: text(r[c]) }, text(r[c]))));
      body.append(tr);
    }
    const table = el("table", { id: "rows", "data-table": state.table }, el("thead", {}, thead), body);
    $("#table-wrap").replaceChildren(table, el("p", { class: "count" }, `${rows.length} of ${t.rows.length} rows`));
  }

  function pageFigure(number, boxes) {
    const p = R.pages[String(number)];
    if (!p) return el("p", { class: "hint" }, number ? `page ${number} (no page image: ${R.source ? "text input" : "source not found"})` : "no page");
    const fig = el("div", { class: "page", "data-page": number }, el("img", { src: p.file, alt: "page " + number }));
    for (const b of boxes || []) {
      fig.append(el("div", {
        class: "hl", "data-bbox": b.join(","),
        style: `left:${(100 * b[0]) / p.w}%;top:${(100 * b[1]) / p.h}%;width:${(100 * (b[2] - b[0])) / p.w}%;height:${(100 * (b[3] - b[1])) / p.h}%`,
      }));
    }
    // The page scrolls in its own view to the first box, once the image has its height.
    const view = el("div", { class: "page-view" }, fig);
    const img = fig.querySelector("img");
    const toBox = () => {
      const hl = fig.querySelector(".hl");
      if (hl) view.scrollTop = Math.max(hl.offsetTop - view.clientHeight / 3, 0);
    };
    if (img.complete) requestAnimationFrame(toBox); else img.addEventListener("load", toBox);
    return el("figure", {}, view, el("figcaption", {}, "physical page " + number));
  }

  function detail() {
    const pane = $("#detail");
    const t = R.tables[state.table];
    const row = t.rows.find((r) => text(r[t.key]) === state.row);
    if (!row) { pane.replaceChildren(el("p", { class: "hint" }, "Select a row to see its evidence.")); return; }
    const ev = t.evidence[state.row] || {};
    const parts = [el("h2", {}, `${state.table} / ${state.row}`)];
    if (corrected(row)) parts.push(el("p", { class: "corrected badge" }, text(row.provenance)));
    if (ev.context) {
      parts.push(el("blockquote", { id: "context" }, ev.context[0], el("mark", {}, ev.context[1]), ev.context[2]));
    }
    parts.push(pageFigure(ev.page, ev.boxes));
    const prov = el("dl", { id: "provenance" });
    const facts = ["provenance", "section_id", "page", "physical_page", "char_start", "char_end", "bbox", "source", "actor_source", "trigger"];
    for (const k of facts) if (k in row && text(row[k]) !== "") prov.append(el("dt", {}, k), el("dd", {}, text(row[k])));
    if (ev.located) prov.append(el("dt", {}, "box"), el("dd", {}, ev.located === "bbox" ? "the row's bbox" : "its words found on the page"));
    parts.push(el("h3", {}, "Provenance"), prov);
    const mine = R.checks.filter((c) => c.rows.some((r) => r.table === state.table && r.row_id === state.row));
    parts.push(el("h3", {}, `Checks (${mine.length})`),
      mine.length ? el("ul", { id: "row-checks" }, ...mine.map((c) => el("li", { class: "check " + c.severity }, text(c.message)))) : el("p", {}, "none"));
    parts.push(actions(t, row));
    pane.replaceChildren(...parts);
    pane.scrollTop = 0;
  }

  function actions(t, row) {
    const id = text(row[t.key]);
    const note = el("input", { id: "note", placeholder: "note: why (goes into the provenance)", size: 40 });
    const column = el("select", { id: "edit-column" }, ...t.editable.map((c) => el("option", { value: c }, c)));
    const value = el("input", { id: "edit-value", size: 30 });
    const fill = () => { value.value = text(row[column.value]); };
    column.addEventListener("change", fill);
    fill();
    const newId = el("input", { id: "add-id", placeholder: `new ${t.key}`, size: 20 });
    const fields = el("div", { class: "add-fields" });
    for (const c of t.editable) {
      const preset = ["section_id", "page", "physical_page"].includes(c) ? text(row[c]) : "";
      fields.append(el("label", {}, c, " ", el("input", { "data-col": c, value: preset, size: 18 })));
    }
    const say = () => note.value.trim();
    return el("section", { id: "actions" }, el("h3", {}, "Verdict"), note,
      el("div", {}, el("button", { id: "act-wrong", onclick: () => addLines([line(state.table, id, "drop", "", "", say() || "marked wrong in review")]) }, "wrong")),
      el("div", {}, column, " ", value, " ",
        el("button", { id: "act-edit", onclick: () => addLines([line(state.table, id, "replace", column.value, value.value.trim(), say() || "edited in review")]) }, "edit field")),
      el("details", { id: "add-row" }, el("summary", {}, "missing row here"), newId, fields,
        el("button", {
          id: "act-add", onclick: () => {
            const rid = newId.value.trim();
            if (!rid) { newId.focus(); return; }
            const ls = [...fields.querySelectorAll("input")].filter((i) => i.value.trim() !== "")
              .map((i) => line(state.table, rid, "add", i.dataset.col, i.value.trim(), say() || "missed by the extractor"));
            if (ls.length) addLines(ls);
          },
        }, "add row")));
  }

  function drawCorrections() {
    const pane = $("#corrections-pane");
    const body = state.lines.length ? state.lines.join("\n") : "(none yet: use wrong, edit field or missing row here beside a row)";
    const download = el("button", {
      id: "download", onclick: () => {
        const blob = new Blob([COLUMNS.join(",") + "\n" + state.lines.map((l) => l + "\n").join("")], { type: "text/csv" });
        const a = el("a", { href: URL.createObjectURL(blob), download: `corrections-${R.doc_id}.csv` });
        document.body.append(a); a.click(); a.remove();
      },
    }, "download");
    const clear = el("button", { id: "clear", onclick: () => { state.lines = []; drawCorrections(); } }, "clear");
    pane.replaceChildren(el("h2", {}, `Corrections (${state.lines.length})`),
      el("pre", { id: "lines" }, body), download, " ", clear,
      el("p", { class: "how" }, "Append these lines to pipeline/corrections.csv (the downloaded file has the header; append it without: ",
        el("code", {}, `tail -n +2 corrections-${R.doc_id}.csv >> pipeline/corrections.csv`),
        "), then run isecg-extract extract (or batch) and isecg-extract review again: the rows they touch show as corrected."));
  }

  function route() {
    const h = new URLSearchParams(location.hash.slice(1));
    const names = Object.keys(R.tables);
    if (h.get("page")) {
      $("#detail").replaceChildren(el("h2", {}, "page " + h.get("page")), pageFigure(Number(h.get("page")), []));
      if (!state.table) { state.table = names[0]; drawTable(); }
      return;
    }
    const table = h.get("t") && R.tables[h.get("t")] ? h.get("t") : state.table || (R.tables.agencies ? "agencies" : names[0]);
    if (table !== state.table) { state.table = table; state.sort = null; state.row = null; }
    state.row = h.get("r");
    drawTable();
    detail();
    const tr = state.row && document.querySelector(`#rows tr[data-id="${CSS.escape(state.row)}"]`);
    if (tr) tr.scrollIntoView({ block: "nearest" });
  }

  head();
  checks();
  tabs();
  $("#filter").addEventListener("input", (e) => { state.filter = e.target.value; drawTable(); });
  window.addEventListener("hashchange", route);
  drawCorrections();
  route();
})();
