/* tarjama report: draws the segment table and the document view from the embedded run data.
 * Run text is untrusted: it only ever reaches the page through textContent and setAttribute
 * on attributes that cannot run code. No innerHTML, no eval, no network. */
"use strict";
(function () {
  var DOC_PAGE = 25, TABLE_PAGE = 50;
  var SEV_RANK = { minor: 1, major: 2, critical: 3 };
  var SEV_LETTER = { minor: "m", major: "M", critical: "C" };
  var CONTROLS = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;

  var node = document.getElementById("run-data");
  if (!node) { return; }
  var DATA = JSON.parse(node.textContent);
  /* A promise from the start: a browser without DecompressionStream fails inside it. */
  Promise.resolve(DATA).then(unpackSegments).then(main, unpackFailed);

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) { Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); }
    if (text != null) { e.textContent = String(text); }
    return e;
  }

  /* The segments, packed column by column (tarjama.report.packing): base64 of one gzip stream
   * per part. A JSON column is a JSON array in segment order; a text column is its texts one
   * after another (NAME.text) and their lengths (NAME.lengths, -1 for none); the flag
   * messages are a table. They stay columns (FIELD.s[i] is segment i's source): 100,000
   * segments open faster that way. */
  function unpackSegments(data) {
    var text = document.getElementById("run-segments").textContent.trim(), binary = atob(text);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    function inflated(name) {
      var range = data.parts[name];
      var stream = new Blob([bytes.subarray(range[0], range[1])]).stream()
        .pipeThrough(new DecompressionStream("gzip"));
      return new Response(stream).arrayBuffer().then(function (buffer) {
        return new TextDecoder().decode(buffer);
      });
    }
    var fields = {}, texts = data.texts || [];
    var jsonParts = Object.keys(data.parts).filter(function (name) { return name.indexOf(".") < 0; });
    return Promise.all(jsonParts.map(function (name) {
      return inflated(name).then(function (json) { fields[name] = JSON.parse(json); });
    }).concat(texts.map(function (name) {
      return Promise.all([inflated(name + ".lengths"), inflated(name + ".text")]).then(function (both) {
        fields[name] = cutTexts(both[1], JSON.parse(both[0]));
      });
    }))).then(function () { return fields; });
  }

  function cutTexts(text, lengths) {
    var out = new Array(lengths.length), at = 0;
    for (var i = 0; i < lengths.length; i++) {
      if (lengths[i] < 0) { out[i] = null; continue; }
      out[i] = text.substring(at, at + lengths[i]);
      at += lengths[i];
    }
    return out;
  }

  /* A browser without DecompressionStream (or a damaged file): the static list of flagged
   * segments stays, with a note saying why the table is missing. */
  function unpackFailed(error) {
    var flagged = document.getElementById("flagged");
    flagged.classList.remove("scripted");
    var reason = String((error && error.message) || error);
    var note = el("p", { "class": "note", role: "status" }, "The segment table could not be " +
                  "drawn in this browser (" + reason + "); the flagged segments are listed below.");
    flagged.insertBefore(note, flagged.children[1] || null);
    document.documentElement.setAttribute("data-ready", "failed");
  }

  function main(FIELD) {
    var N = DATA.nSegments, MESSAGES = FIELD.messages || [];
    /* The table and the document view replace the static flagged-segment table (kept for print,
     * and hidden on screen from the start by the stylesheet, so it costs no layout). */
    ["segments", "document"].forEach(function (id) { document.getElementById(id).hidden = false; });
    /* Latin-script runs inside RTL text (tarjama.report.bidi.LATIN_RUN_PATTERN, the one source). */
    var LATIN_RUN = new RegExp(DATA.latin || "(?!)", "g");
    /* Spelling variants the search folds: the target language's normalisation (DATA.fold). */
    var FOLD = DATA.fold || {};
    var FOLD_RE = Object.keys(FOLD).length ? new RegExp("[" + Object.keys(FOLD).map(function (ch) {
      return "\\u" + ("000" + ch.charCodeAt(0).toString(16)).slice(-4);
    }).join("") + "]", "g") : null;
    var METRICS = DATA.metrics || [];
    var HAS_BT = FIELD.b.some(function (b) { return b != null; });
    var HAS_REF = FIELD.r.some(function (r) { return r != null; });
    var tipCounter = 0;

    /* For attributes and <option>s, which cannot hold elements: controls as visible text. */
    function visible(text) {
      return String(text).replace(CONTROLS, function (ch) {
        return "\u27e6U+" + ("0000" + ch.charCodeAt(0).toString(16).toUpperCase()).slice(-4) + "\u27e7";
      });
    }

    /* Text as the search compares it: lower case, spelling variants folded, Latin accents dropped. */
    function fold(text) {
      var out = String(text).toLowerCase();
      if (FOLD_RE) { out = out.replace(FOLD_RE, function (ch) { return FOLD[ch]; }); }
      return out.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    }

    function fmt(v, digits) { return v == null ? "\u2014" : Number(v).toFixed(digits == null ? 2 : digits); }

    /* Text with bidi controls shown as inert markers; Latin runs in RTL text isolated with <bdi>. */
    function appendText(parent, text, rtl) {
      var last = 0;
      String(text).replace(CONTROLS, function (ch, at) {
        appendPlain(parent, text.slice(last, at), rtl);
        var code = ch.charCodeAt(0).toString(16).toUpperCase();
        parent.appendChild(el("span", { "class": "ctl", title: "bidi control character (neutralised)" },
                              "U+" + ("0000" + code).slice(-4)));
        last = at + ch.length;
        return ch;
      });
      appendPlain(parent, text.slice(last), rtl);
    }

    function appendPlain(parent, text, rtl) {
      if (!text) { return; }
      if (!rtl) { parent.appendChild(document.createTextNode(text)); return; }
      var last = 0;
      text.replace(LATIN_RUN, function (run, at) {
        if (at > last) { parent.appendChild(document.createTextNode(text.slice(last, at))); }
        parent.appendChild(el("bdi", { dir: "ltr" }, run));
        last = at + run.length;
        return run;
      });
      if (last < text.length) { parent.appendChild(document.createTextNode(text.slice(last))); }
    }

    function validSpan(span, n) {
      if (!span || span.length !== 2) { return null; }
      var s = Math.max(0, Math.min(span[0], n)), e = Math.max(s, Math.min(span[1], n));
      return e > s ? [s, e] : null;
    }

    /* [start, end) code-point offsets of the Latin-script runs in `chars`. */
    function latinIslands(chars) {
      var text = chars.join(""), toPoint = [], unit = 0, islands = [];
      chars.forEach(function (ch, i) { toPoint[unit] = i; unit += ch.length; });
      toPoint[unit] = chars.length;
      LATIN_RUN.lastIndex = 0;
      for (var m = LATIN_RUN.exec(text); m; m = LATIN_RUN.exec(text)) {
        if (!m[0]) { LATIN_RUN.lastIndex++; continue; }
        islands.push([toPoint[m.index], toPoint[m.index + m[0].length]]);
      }
      return islands;
    }

    /* Split code points into runs at every span and island boundary; each run knows the flags
     * covering it and the Latin island it belongs to (null outside islands). */
    function splitRuns(n, marks, islands) {
      var cuts = [0, n];
      marks.forEach(function (m) { cuts.push(m.span[0], m.span[1]); });
      islands.forEach(function (r) { cuts.push(r[0], r[1]); });
      cuts = cuts.filter(function (c, i, all) { return all.indexOf(c) === i; }).sort(function (a, b) { return a - b; });
      var runs = [];
      for (var i = 0; i + 1 < cuts.length; i++) {
        var s = cuts[i], e = cuts[i + 1];
        runs.push({ start: s, end: e, marks: marks.filter(function (m) { return m.span[0] < e && m.span[1] > s; }),
                    island: islands.filter(function (r) { return r[0] <= s && r[1] >= e; })[0] || null });
      }
      return runs;
    }

    /* Segment i as one object (for drawing it): i, d, s, m, b, r, sc, q, and its flags as
     * objects with c, v, sp, ms, ss, sg; absent fields have no key. */
    function segment(i) {
      var seg = {};
      ["i", "d", "s", "m", "b", "r", "sc", "q"].forEach(function (k) { if (FIELD[k][i] != null) { seg[k] = FIELD[k][i]; } });
      if (FIELD.f[i]) { seg.f = FIELD.f[i].map(flagObject); }
      return seg;
    }

    /* A packed flag, [category, severity, span, message number, source span, suggestion]. */
    function flagObject(row) {
      var flag = { c: row[0], v: row[1], ms: MESSAGES[row[3]] };
      if (row[2] != null) { flag.sp = row[2]; }
      if (row[4] != null) { flag.ss = row[4]; }
      if (row[5] != null) { flag.sg = row[5]; }
      return flag;
    }

    function packedFlags(i) { return FIELD.f[i] || []; }

    function worst(flags) {
      return flags.reduce(function (best, f) { return (SEV_RANK[f.v] || 0) > (SEV_RANK[best] || 0) ? f.v : best; }, "");
    }

    function tooltip(marks, isSource) {
      var id = "tip-" + (++tipCounter);
      var tip = el("span", { "class": "tip", role: "tooltip", id: id, dir: "ltr", lang: "en" });
      marks.slice().sort(function (a, b) { return (SEV_RANK[b.flag.v] || 0) - (SEV_RANK[a.flag.v] || 0); }).forEach(function (m) {
        var f = m.flag, line = el("span", { "class": "tip-line" });
        appendText(line, (isSource ? "source of " : "") + String(f.v).toUpperCase() + " \u00b7 " + f.c + ": " + f.ms, false);
        if (f.sg && !isSource) { appendText(line, " (suggestion: " + f.sg + ")", false); }
        tip.appendChild(line);
      });
      return tip;
    }

    /* Text with flags highlighted: `key` is "sp" (spans in mt) or "ss" (source spans in src).
     * In RTL text each Latin run is one <bdi dir=ltr>, with any highlights inside it, so that a
     * highlight never cuts the run into boxes the bidi algorithm would reorder. */
    function highlighted(parent, text, flags, key, rtl) {
      var chars = Array.from(String(text)), marks = [], box = null;
      flags.forEach(function (f) {
        var span = validSpan(f[key], chars.length);
        if (span) { marks.push({ flag: f, span: span }); }
      });
      splitRuns(chars.length, marks, rtl ? latinIslands(chars) : []).forEach(function (run) {
        var piece = chars.slice(run.start, run.end).join(""), into = parent;
        if (run.island) {
          if (!box || box.island !== run.island) { box = { island: run.island, node: parent.appendChild(el("bdi", { dir: "ltr" })) }; }
          into = box.node;
        }
        if (!run.marks.length) { appendText(into, piece, false); return; }
        into.appendChild(flagRun(piece, run, key === "ss", false));
      });
    }

    function flagRun(piece, run, isSource, rtl) {
      var covering = run.marks.map(function (m) { return m.flag; });
      var sev = worst(covering);
      var mark = el("mark", { "class": "flag sev-" + sev + (isSource ? " src-flag" : ""),
                              "data-category": covering.map(function (f) { return f.c; }).join(" ") });
      if (run.marks.some(function (m) { return m.span[0] === run.start; })) { mark.setAttribute("tabindex", "0"); }
      var textSpan = el("span", { "class": "flag-text" });
      appendText(textSpan, piece, rtl);
      mark.appendChild(textSpan);
      var ending = run.marks.filter(function (m) { return m.span[1] === run.end; });
      if (ending.length && !isSource) {
        mark.appendChild(el("span", { "class": "sev-letter", "aria-hidden": "true" },
                            ending.map(function (m) { return SEV_LETTER[m.flag.v] || "?"; }).join("")));
      }
      var tip = tooltip(run.marks, isSource);
      mark.setAttribute("aria-describedby", tip.id);
      mark.appendChild(tip);
      return mark;
    }

    /* ---------- document view: the segments the table's filters let through, in order ---------- */
    var docState = { page: 0, rows: FIELD.i.map(function (id, i) { return i; }) };
    var columns = [["s", "Source (" + (DATA.src || "en") + ")", false]];
    columns.push(["m", "Machine translation", DATA.rtl]);
    if (HAS_BT) { columns.push(["b", "Back-translation", false]); }
    if (HAS_REF) { columns.push(["r", "Reference", DATA.rtl]); }

    function renderDocPage(page) {
      var view = document.getElementById("doc-view");
      var rows = docState.rows, pages = Math.max(1, Math.ceil(rows.length / DOC_PAGE));
      docState.page = Math.max(0, Math.min(page, pages - 1));
      view.textContent = "";
      view.style.setProperty("--cols", String(columns.length));
      var head = el("div", { "class": "doc-head", "aria-hidden": "true" });
      columns.forEach(function (c) { head.appendChild(el("div", null, visible(c[1]))); });
      view.appendChild(head);
      var start = docState.page * DOC_PAGE, doc = null;
      document.getElementById("doc-count").textContent = rows.length === N
        ? "All " + N + " segments." : "Showing the " + rows.length + " of " + N +
          " segments that match the filters above.";
      rows.slice(start, start + DOC_PAGE).forEach(function (index) {
        var seg = segment(index);
        if (seg.d !== doc) {
          doc = seg.d;
          var title = el("h3", { "class": "doc-title" }, "Document: "), name = el("bdi");
          appendText(name, doc || "(none)", false);
          title.appendChild(name);
          view.appendChild(title);
        }
        view.appendChild(paragraph(seg, index));
      });
      ["doc-pager-top", "doc-pager"].forEach(function (id) {
        pager(document.getElementById(id), docState.page, pages, renderDocPage, "paragraphs");
      });
    }

    function paragraph(seg, index) {
      var flags = seg.f || [];
      var row = el("article", { "class": "para", id: "seg-" + index, tabindex: "-1", "aria-label": "Segment " + visible(seg.i) });
      var meta = el("div", { "class": "para-meta" });
      appendText(meta, "segment " + seg.i + scoreText(seg) + " \u00b7 " + flags.length + " flag(s)" +
                 (seg.q != null ? " \u00b7 MQM " + fmt(seg.q, 1) + " per " + DATA.mqmPer + " source words" : ""), false);
      row.appendChild(meta);
      columns.forEach(function (c) { row.appendChild(cell(seg, c, flags)); });
      var loose = flags.filter(function (f) { return !validSpan(f.sp, Array.from(seg.m || "").length); });
      if (loose.length) { row.appendChild(segmentFlags(loose)); }
      return row;
    }

    function scoreText(seg) {
      var i = METRICS.indexOf(DATA.primary);
      return i >= 0 && seg.sc ? " \u00b7 " + DATA.primary + " " + fmt(seg.sc[i]) : "";
    }

    function cell(seg, column, flags) {
      var key = column[0], rtl = column[2];
      var attrs = { "class": "cell cell-" + key, "aria-label": column[1] };
      if (rtl) { attrs.lang = DATA.tgt || "ar"; attrs.dir = "rtl"; } else { attrs.lang = DATA.src || "en"; attrs.dir = "ltr"; }
      var c = el("div", attrs), text = seg[key] == null ? "" : seg[key];
      if (key === "m") { highlighted(c, text, flags, "sp", rtl); }
      else if (key === "s") { highlighted(c, text, flags, "ss", false); }
      else { appendText(c, text, rtl); }
      return c;
    }

    function segmentFlags(flags) {
      var list = el("ul", { "class": "seg-flags plain", "aria-label": "Flags on the whole segment" });
      flags.forEach(function (f) {
        var item = el("li"), badge = el("span", { "class": "badge sev-" + f.v });
        badge.appendChild(el("span", { "aria-hidden": "true" }, (SEV_LETTER[f.v] || "?") + " "));
        appendText(badge, f.v, false);
        item.appendChild(badge);
        appendText(item, " " + f.c + ": " + f.ms, false);
        list.appendChild(item);
      });
      return list;
    }

    function jumpTo(index) {
      renderDocPage(Math.floor(docState.rows.indexOf(index) / DOC_PAGE));
      var target = document.getElementById("seg-" + index);
      if (!target) { return; }
      Array.prototype.forEach.call(document.querySelectorAll(".para.target"), function (p) { p.classList.remove("target"); });
      target.classList.add("target");
      target.scrollIntoView({ block: "start" });
      target.focus({ preventScroll: true });
    }

    /* ---------- pager ---------- */
    function pager(nav, page, pages, go, noun) {
      nav.textContent = "";
      if (pages <= 1) { return; }
      [["\u00ab First", 0], ["\u2039 Previous", page - 1]].forEach(function (b) { nav.appendChild(pageButton(b[0], b[1], page, pages, go)); });
      nav.appendChild(el("span", null, "Page " + (page + 1) + " of " + pages + " (" + noun + ")"));
      [["Next \u203a", page + 1], ["Last \u00bb", pages - 1]].forEach(function (b) { nav.appendChild(pageButton(b[0], b[1], page, pages, go)); });
    }

    function pageButton(label, target, page, pages, go) {
      var b = el("button", { type: "button" }, label);
      if (target < 0 || target >= pages || target === page) { b.disabled = true; }
      b.addEventListener("click", function () { go(target); });
      return b;
    }

    /* ---------- segment table ---------- */
    var table = { sort: "index", dir: 1, page: 0, rows: [], metric: DATA.primary, haystack: null, query: null };
    var COLS = [["index", "#"], ["id", "id"], ["doc", "document"], ["score", "score"],
                ["mqm", "MQM per " + DATA.mqmPer + " words"],
                ["flags", "flags"], ["worst", "worst"], ["categories", "categories"], ["mt", "machine translation"]];

    function sortValue(index, key) {
      switch (key) {
        case "id": return FIELD.i[index];
        case "doc": return FIELD.d[index];
        case "score": return metricScore(index);
        case "mqm": return FIELD.q[index];
        case "flags": return packedFlags(index).length;
        case "worst": return packedFlags(index).reduce(function (rank, f) { return Math.max(rank, SEV_RANK[f[1]] || 0); }, 0);
        default: return index;
      }
    }

    function metricScore(index) {
      var k = METRICS.indexOf(table.metric), scores = FIELD.sc[index];
      return k >= 0 && scores ? scores[k] : null;
    }

    function compare(a, b) {
      var x = sortValue(a, table.sort), y = sortValue(b, table.sort);
      if (x == null && y == null) { return a - b; }
      if (x == null) { return 1; }
      if (y == null) { return -1; }
      var c = typeof x === "string" ? x.localeCompare(y, undefined, { numeric: true }) : x - y;
      return c !== 0 ? c * table.dir : a - b;
    }

    function haystack(i) {
      if (!table.haystack) { table.haystack = new Array(N); }
      if (table.haystack[i] == null) {
        var texts = ["i", "d", "s", "m", "b", "r"].map(function (k) { return FIELD[k][i] || ""; });
        table.haystack[i] = fold(texts.concat(packedFlags(i).map(function (f) { return MESSAGES[f[3]]; })).join("\n"));
      }
      return table.haystack[i];
    }

    function value(id) { return document.getElementById(id).value; }

    function matches(i, q) {
      var flags = packedFlags(i);
      if (q.category && !flags.some(function (f) { return f[0] === q.category; })) { return false; }
      if (q.severity && !flags.some(function (f) { return f[1] === q.severity; })) { return false; }
      if (q.min !== null || q.max !== null) {
        var score = metricScore(i);
        if (score == null || (q.min !== null && score < q.min) || (q.max !== null && score > q.max)) { return false; }
      }
      return !q.text || haystack(i).indexOf(q.text) >= 0;
    }

    function number(id) { var v = value(id); return v === "" || isNaN(Number(v)) ? null : Number(v); }

    /* Re-filter only when a filter really changed: a "change" event fired by leaving the text
     * box must not rebuild the rows under a click that is about to land on one of them. */
    function applyFilters() {
      var q = { text: fold(value("f-text").trim()), category: value("f-category"),
                severity: value("f-severity"), min: number("f-min"), max: number("f-max"),
                metric: value("f-metric") || DATA.primary };
      var key = JSON.stringify(q);
      if (key === table.query) { return; }
      table.query = key;
      table.metric = q.metric;
      table.rows = [];
      for (var i = 0; i < N; i++) { if (matches(i, q)) { table.rows.push(i); } }
      docState.rows = table.rows.slice().sort(function (a, b) { return a - b; });
      table.rows.sort(compare);
      renderTablePage(0);
      renderDocPage(0);
    }

    function renderHead() {
      var head = document.getElementById("segment-head");
      head.textContent = "";
      COLS.forEach(function (col) {
        var label = col[0] === "score" ? visible(table.metric || "score") : col[1];
        var th = el("th", { scope: "col" });
        if (col[0] === "categories" || col[0] === "mt") { th.textContent = label; head.appendChild(th); return; }
        th.setAttribute("aria-sort", table.sort === col[0] ? (table.dir > 0 ? "ascending" : "descending") : "none");
        var b = el("button", { type: "button", "data-sort": col[0] }, label + (table.sort === col[0] ? (table.dir > 0 ? " \u25b2" : " \u25bc") : ""));
        b.addEventListener("click", function () { sortBy(col[0]); });
        th.appendChild(b);
        head.appendChild(th);
      });
    }

    function sortBy(key) {
      table.dir = table.sort === key ? -table.dir : (key === "index" || key === "id" || key === "doc" ? 1 : -1);
      table.sort = key;
      table.rows.sort(compare);
      renderTablePage(0);
    }

    function renderTablePage(page) {
      var pages = Math.max(1, Math.ceil(table.rows.length / TABLE_PAGE));
      table.page = Math.max(0, Math.min(page, pages - 1));
      renderHead();
      var body = document.getElementById("segment-body");
      body.textContent = "";
      var start = table.page * TABLE_PAGE;
      table.rows.slice(start, start + TABLE_PAGE).forEach(function (i) { body.appendChild(tableRow(i)); });
      document.getElementById("table-count").textContent =
        "Showing " + (table.rows.length ? start + 1 : 0) + "\u2013" + Math.min(start + TABLE_PAGE, table.rows.length) +
        " of " + table.rows.length + " matching segments (" + N + " in the run).";
      pager(document.getElementById("table-pager"), table.page, pages, renderTablePage, "segments");
    }

    function tableRow(i) {
      var seg = segment(i), flags = seg.f || [], sev = worst(flags);
      var tr = el("tr", { tabindex: "0", "data-index": String(i), "aria-label": "Segment " + visible(seg.i) + ": open in the document view" });
      [String(i + 1), seg.i, seg.d, fmt(metricScore(i)), seg.q == null ? "\u2014" : fmt(seg.q, 1), String(flags.length)]
        .forEach(function (text, k) { var td = el("td", k >= 3 ? { "class": "num" } : null); appendText(td, text, false); tr.appendChild(td); });
      var sevCell = el("td");
      if (sev) { sevCell.appendChild(el("span", { "class": "badge sev-" + sev }, SEV_LETTER[sev] + " " + sev)); }
      tr.appendChild(sevCell);
      var categories = el("td");
      appendText(categories, flags.map(function (f) { return f.c; }).filter(function (c, k, all) { return all.indexOf(c) === k; }).join(", "), false);
      tr.appendChild(categories);
      var mt = el("td", { "class": "excerpt", lang: DATA.tgt || "ar", dir: DATA.rtl ? "rtl" : "ltr" });
      var chars = Array.from(seg.m || "");
      appendText(mt, chars.length > 90 ? chars.slice(0, 89).join("") + "\u2026" : chars.join(""), DATA.rtl);
      tr.appendChild(mt);
      tr.addEventListener("click", function () { jumpTo(i); });
      tr.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); jumpTo(i); } });
      return tr;
    }

    function setupFilters() {
      var present = {};
      FIELD.f.forEach(function (flags) { (flags || []).forEach(function (f) { present[f[0]] = true; }); });
      var categorySelect = document.getElementById("f-category");
      var added = {};
      (DATA.categories || []).concat(Object.keys(present).sort()).forEach(function (c) {
        if (present[c] && !added[c]) { added[c] = true; categorySelect.appendChild(el("option", { value: c }, visible(c))); }
      });
      var metricSelect = document.getElementById("f-metric");
      METRICS.forEach(function (m) {
        var o = el("option", { value: m }, visible(m));
        if (m === DATA.primary) { o.defaultSelected = true; o.selected = true; }
        metricSelect.appendChild(o);
      });
      var timer = null, form = document.getElementById("filters");
      form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(applyFilters, 120); });
      form.addEventListener("change", applyFilters);
      form.addEventListener("submit", function (ev) { ev.preventDefault(); applyFilters(); });
      form.addEventListener("reset", function () { setTimeout(applyFilters, 0); });
    }

    setupFilters();
    applyFilters();
    document.documentElement.setAttribute("data-ready", "true");
  }
})();
