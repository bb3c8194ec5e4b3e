// newsclean report: builds every page from the JSON data block with createElement and
// textContent only. No string from the input is ever parsed as HTML, used as a URL or
// run; the page's Content-Security-Policy allows this script and its style sheet alone.
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("report-data").textContent);
  var OV = DATA.overview;
  var app = document.getElementById("app");
  var byN = new Map();
  DATA.records.forEach(function (r) { byN.set(r.n, r); });
  var clusterOf = new Map();
  DATA.clusters.forEach(function (c, i) {
    if (c.canonical !== null) clusterOf.set(c.canonical, i);
    c.copies.forEach(function (k) { clusterOf.set(k.n, i); });
  });
  // Bidi overrides and isolates, marks, and control characters are shown as visible tokens.
  var SPECIAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
  var SPECIAL_ALL = new RegExp(SPECIAL.source, "g");

  function text(s) {
    s = s === null || s === undefined ? "" : String(s);
    if (!SPECIAL.test(s)) return document.createTextNode(s);
    var frag = document.createDocumentFragment(), last = 0;
    s.replace(SPECIAL_ALL, function (ch, at) {
      frag.appendChild(document.createTextNode(s.slice(last, at)));
      var code = ch.charCodeAt(0).toString(16).toUpperCase();
      var mark = el("span", { className: "ctl", title: "control character" }, "U+" + "0000".slice(code.length) + code);
      frag.appendChild(mark);
      last = at + ch.length;
      return ch;
    });
    frag.appendChild(document.createTextNode(s.slice(last)));
    return frag;
  }

  // el(tag, {className, title, href (our own "#..." routes only), id}, child...): children are nodes or text.
  function el(tag, props) {
    var node = document.createElement(tag);
    if (props) {
      if (props.className) node.className = props.className;
      if (props.title) node.title = String(props.title);
      if (props.id) node.id = props.id;
      if (props.href) node.setAttribute("href", "#" + String(props.href).replace(/^#/, ""));
      if (props.dir) node.dir = props.dir;
    }
    for (var i = 2; i < arguments.length; i++) add(node, arguments[i]);
    return node;
  }
  function add(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { add(node, c); }); return; }
    node.appendChild(child instanceof Node ? child : text(child));
  }
  function hue(name) {
    var h = 0;
    for (var i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) % 360;
    return h;
  }
  function chip(name, label) {
    var c = el("span", { className: "chip" }, label || name);
    c.style.setProperty("--hue", String(hue(name)));
    return c;
  }
  function fmt(n) { return Number(n).toLocaleString("en"); }
  function plural(n, one, many) { return fmt(n) + " " + (n === 1 ? one : many || one + "s"); }
  function pct(part, whole) { return whole ? (100 * part / whole).toFixed(1) + " %" : "–"; }
  function bar(part, whole) {
    var b = el("span", { className: "bar" });
    b.style.width = (whole ? Math.max(0.3, 100 * part / whole) : 0) + "%";
    return b;
  }
  function table(headers, rows, onRow) {
    var head = el("tr", null, headers.map(function (h) {
      return el("th", { className: h.num ? "num" : "" }, h.label || h);
    }));
    var body = el("tbody");
    rows.forEach(function (row) {
      var tr = el("tr", null, row.map(function (cell, i) {
        if (cell instanceof Node) return el("td", { className: cell.className === "bar" ? "barcell" : "" }, cell);
        return el("td", { className: headers[i] && headers[i].num ? "num" : "" }, typeof cell === "number" ? fmt(cell) : cell);
      }));
      if (onRow) {
        tr.tabIndex = 0;
        tr.addEventListener("click", function () { onRow(row); });
        tr.addEventListener("keydown", function (e) { if (e.key === "Enter") onRow(row); });
      }
      body.appendChild(tr);
    });
    return el("table", { className: onRow ? "list" : "" }, el("thead", null, head), body);
  }
  function go(route) { location.hash = "#" + route; }

  // ---- the records list and its filters -------------------------------------------------
  function status(r) {
    if (r.error !== null) return "failed";
    if (r.cluster && r.cluster.id !== null) return r.cluster.duplicate_of !== null ? "copy" : "canonical";
    return r.explained ? "cleaned" : "read";
  }
  function matches(r, f) {
    if (f.reason && r.reasons.indexOf(f.reason) < 0) return false;
    if (f.filter && r.filters.indexOf(f.filter) < 0) return false;
    if (f.kind && r.error_kind !== f.kind) return false;
    var s = status(r);
    if (f.status === "failed" && s !== "failed") return false;
    if (f.status === "cluster" && s !== "copy" && s !== "canonical") return false;
    if (f.status === "cleaned" && (s === "failed" || !r.explained)) return false;
    if (f.q && String(r.id).toLowerCase().indexOf(f.q.toLowerCase()) < 0) return false;
    return true;
  }
  var FILTER_KEYS = ["reason", "filter", "status", "kind", "q"];
  var current = {};
  function parseQuery(q) {
    var p = new URLSearchParams(q || ""), f = {};
    FILTER_KEYS.forEach(function (k) { if (p.get(k)) f[k] = p.get(k); });
    return f;
  }
  function query(f) {
    var p = new URLSearchParams();
    FILTER_KEYS.forEach(function (k) { if (f[k]) p.set(k, f[k]); });
    var s = p.toString();
    return s ? "?" + s : "";
  }
  function filtered(f) { return DATA.records.filter(function (r) { return matches(r, f); }); }
  function counts(key) {
    var m = new Map();
    DATA.records.forEach(function (r) { r[key].forEach(function (v) { m.set(v, (m.get(v) || 0) + 1); }); });
    return Array.from(m.entries()).sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
  }
  function select(name, label, options, value) {
    var s = el("select", { id: "filter-" + name });
    s.appendChild(el("option", null, "any"));
    s.options[0].value = "";
    options.forEach(function (o) {
      var opt = el("option", null, o[1]);
      opt.value = o[0];
      if (o[0] === value) opt.selected = true;
      s.appendChild(opt);
    });
    s.addEventListener("change", function () { current[name] = s.value; go("records" + query(current)); });
    return el("label", null, label, s);
  }
  function recordsPage(f) {
    current = f;
    var rows = filtered(f);
    var search = el("input", { id: "filter-q" });
    search.type = "search";
    search.placeholder = "part of an id";
    search.value = f.q || "";
    search.addEventListener("change", function () { current.q = search.value; go("records" + query(current)); });
    var withCounts = function (pairs) { return pairs.map(function (p) { return [p[0], p[0] + " (" + p[1] + ")"]; }); };
    var kinds = [];
    DATA.records.forEach(function (r) { if (r.error_kind && kinds.indexOf(r.error_kind) < 0) kinds.push(r.error_kind); });
    var controls = el("div", { className: "controls" },
      select("reason", "reason", withCounts(counts("reasons")), f.reason),
      select("filter", "filter", withCounts(counts("filters")), f.filter),
      select("status", "status", [["failed", "failed"], ["cluster", "in a cluster"], ["cleaned", "cleaned"]], f.status),
      kinds.length ? select("kind", "error kind", kinds.map(function (k) { return [k, k]; }), f.kind) : null,
      el("label", null, "search by id", search));
    var list = table(["#", "id", "status", "title or first line", "reasons"], rows.map(function (r) {
      var first = r.meta.filter(function (m) { return m[0] === "title"; })[0];
      var line = first ? first[1] : (r.error || (r.lines[0] ? r.lines[0][1] : ""));
      return [r.n, r.id, status(r), String(line).slice(0, 160), el("span", null, r.reasons.map(function (x) { return chip(x); }))];
    }), function (row) { go("record/" + row[0]); });
    list.id = "record-list";
    render(el("h1", null, "Records"),
      el("p", { className: "muted" }, "The records shown whole: a sample of " + DATA.settings.sample +
        " drawn across removal reasons, the failed records and the members of the largest clusters."),
      controls, el("p", { id: "match-count" }, rows.length + " of " + DATA.records.length + " records shown"), list);
  }

  // ---- one record --------------------------------------------------------------------------
  function recordPage(n) {
    var r = byN.get(n);
    if (!r) { render(el("h1", null, "No record " + n + " in this report"), el("a", { href: "records" }, "all records")); return; }
    var list = filtered(current), at = list.indexOf(r);
    var prev = el("button", { id: "prev" }, "← previous"), next = el("button", { id: "next" }, "next →");
    prev.disabled = at <= 0; next.disabled = at < 0 || at >= list.length - 1;
    prev.addEventListener("click", function () { go("record/" + list[at - 1].n); });
    next.addEventListener("click", function () { go("record/" + list[at + 1].n); });
    var nav = el("div", { className: "nav" }, prev, next,
      el("span", { className: "muted" }, at >= 0 ? (at + 1) + " of " + list.length + " in the list" : "not in the current list"),
      el("a", { href: "records" + query(current) }, "back to the list"));
    var parts = [nav, el("h1", { id: "record-title" }, "Record ", el("span", { className: "text" }, r.id)),
      el("p", { className: "muted" }, "input " + r.src + " · record " + r.n + " · " + status(r))];
    if (r.error !== null) {
      parts.push(el("div", { className: "error", id: "record-error" }, el("strong", null, r.error_kind), " — ", el("span", { className: "text" }, r.error)));
      if (r.raw !== null) parts.push(el("h2", null, "The line as read"), el("pre", { className: "text" }, r.raw));
    }
    if (r.cluster && r.cluster.id !== null) {
      var ci = clusterOf.get(r.n);
      var what = r.cluster.duplicate_of !== null
        ? ["copy of ", el("span", { className: "text" }, r.cluster.duplicate_of), r.cluster.similarity !== null ? " (similarity " + r.cluster.similarity + ")" : ""]
        : ["canonical member"];
      parts.push(el("p", null, what, " in cluster ", el("span", { className: "text" }, r.cluster.id), ci !== undefined ? [" · ", el("a", { href: "cluster/" + ci }, "open the cluster")] : null));
    }
    if (r.meta.length) parts.push(el("dl", { className: "meta" }, r.meta.map(function (m) { return [el("dt", null, m[0]), el("dd", { className: "text" }, m[1])]; })));
    r.warnings.forEach(function (w) { parts.push(el("div", { className: "note" }, "warning: ", w)); });
    r.notes.forEach(function (w) { parts.push(el("div", { className: "note" }, w)); });
    if (!r.exact_order) parts.push(el("div", { className: "note" }, "This input does not give the kept lines' line numbers (paragraph_lines): they are placed between the removals in order, as room allows."));
    if (r.hidden_chars) parts.push(el("div", { className: "note" }, fmt(r.hidden_chars) + " characters (" + fmt(r.hidden_lines) + " whole lines) are too long to show and are left out."));
    if (r.removals.length) {
      var seen = [];
      r.removals.forEach(function (x) { if (seen.indexOf(x[1]) < 0) seen.push(x[1]); });
      parts.push(el("p", null, r.removals.length + " removals · ", seen.map(function (x) { return chip(x); })));
    }
    var rows = r.lines.map(function (line) {
      var tr, x = line[2] >= 0 ? r.removals[line[2]] : null;
      tr = el("tr", { className: x ? "removed" : "kept" },
        el("td", { className: "no" }, line[0] === null ? "" : String(line[0])),
        el("td", { className: "label" }, x ? chip(x[1], x[0] + ":" + x[2]) : ""),
        el("td", { className: "text", dir: "auto" }, line[1]));
      if (x) { tr.style.setProperty("--hue", String(hue(x[1]))); tr.title = x[1] + " — " + x[0] + ":" + x[2]; }
      return tr;
    });
    parts.push(rows.length ? el("table", { className: "lines", id: "record-lines" }, el("tbody", null, rows)) : el("p", { className: "empty" }, "no text"));
    render(parts);
  }

  // ---- clusters ------------------------------------------------------------------------------
  function clustersPage() {
    var rows = DATA.clusters.map(function (c, i) {
      var row = [c.id, c.size, c.canonical_id === null ? "(not in the input)" : c.canonical_id, c.copies.length];
      row.index = i;
      return row;
    });
    var all = OV.cluster_sizes.reduce(function (a, s) { return a + s[1]; }, 0);
    var list = rows.length ? table(["cluster", { label: "size", num: true }, "canonical member", { label: "copies shown", num: true }],
      rows, function (row) { go("cluster/" + row.index); }) : el("p", { className: "empty" }, "no clusters in this input");
    list.id = "cluster-list";
    render(el("h1", null, "Clusters"),
      el("p", { className: "muted" }, "The " + DATA.clusters.length + " largest of " + fmt(all) + " clusters, with up to " +
        DATA.settings.copies_per_cluster + " copies each."), list);
  }
  function column(title, r, marks) {
    if (!r) return el("div", null, el("h3", null, title), el("p", { className: "empty" }, "not in this input"));
    var pars = [];
    r.lines.forEach(function (line, i) {
      if (line[2] >= 0) return;
      var m = marks.get(i), p = el("div", { className: "par text", dir: "auto" });
      if (m) {
        p.className += m.template ? " template" : " match";
        p.appendChild(el("span", { className: "badge" }, m.template ? "template · not counted" : "#" + m.k + (m.ratio !== null ? " · " + m.ratio : "")));
        if (!m.template) p.style.setProperty("--hue", String((m.k * 47) % 360));
      }
      p.appendChild(text(line[1]));
      pars.push(p);
    });
    return el("div", null, el("h3", null, title, " ", el("a", { href: "record/" + r.n }, el("span", { className: "text" }, r.id))), pars.length ? pars : el("p", { className: "empty" }, "no kept text"));
  }
  function clusterPage(i, which) {
    var c = DATA.clusters[i];
    if (!c) { render(el("h1", null, "No cluster " + i + " in this report"), el("a", { href: "clusters" }, "all clusters")); return; }
    var k = Math.min(Math.max(0, which || 0), Math.max(0, c.copies.length - 1));
    var copy = c.copies[k], canonical = c.canonical === null ? null : byN.get(c.canonical);
    var tabs = el("div", { className: "nav", id: "copy-tabs" }, c.copies.map(function (x, j) {
      var b = el("button", { className: j === k ? "on" : "" }, byN.get(x.n).id + (x.similarity !== null ? " · " + x.similarity : ""));
      b.addEventListener("click", function () { go("cluster/" + i + "/" + j); });
      return b;
    }));
    var parts = [el("h1", { id: "cluster-title" }, "Cluster ", el("span", { className: "text" }, c.id)),
      el("p", { className: "muted" }, plural(c.size, "member") + " · canonical ", el("span", { className: "text" }, c.canonical_id === null ? "unknown" : c.canonical_id) , " · " + plural(c.copies.length, "copy", "copies") + " shown"),
      c.copies.length ? tabs : el("p", { className: "empty" }, "no copy of this cluster is in the input")];
    if (copy) {
      var left = new Map(), right = new Map(), loose = [], counted = 0, templates = 0;
      copy.pairs.forEach(function (p) {
        var mark = { k: p[3] ? 0 : ++counted, ratio: p[2], template: p[3] };
        if (p[3]) templates++;
        if (p[0] !== null) right.set(p[0], mark);
        if (p[1] !== null) left.set(p[1], mark);
        if (p[0] === null || p[1] === null) loose.push([mark, p[4], p[5]]);
      });
      var copyRecord = byN.get(copy.n);
      var summary = [copy.score !== null ? "score " + copy.score + " · " : "", plural(counted, "matched paragraph")];
      var tcount = copy.template_paragraphs !== null ? copy.template_paragraphs : templates;
      if (tcount) summary.push(" · " + plural(tcount, "template paragraph") + ", not counted");
      if (!copy.explained) summary = ["no explanation for this copy: run newsclean dedup --explain to see which paragraphs matched"];
      parts.push(el("p", { id: "pair-summary" }, summary),
        el("div", { className: "side" }, column("Canonical", canonical, left), column("Copy", copyRecord, right)));
      if (loose.length) {
        parts.push(el("h2", null, "Matches not placed in the texts above"));
        loose.forEach(function (l) {
          parts.push(el("div", { className: "side" },
            el("div", { className: "par text" + (l[0].template ? " template" : " match") }, l[2]),
            el("div", { className: "par text" + (l[0].template ? " template" : " match") }, l[1])));
        });
      }
    }
    render(parts);
  }

  // ---- overview ------------------------------------------------------------------------------
  function card(id, value, label) { return el("div", { className: "card", id: id }, el("div", { className: "value" }, value), el("div", { className: "label" }, label)); }
  function removalTable(rows, key) {
    return table(["name", { label: "removals", num: true }, { label: "lines", num: true }, { label: "records", num: true }, { label: "share of text removed", num: true }, ""],
      rows.map(function (r) { return [key === "rule" ? r[0] : chip(r[0]), r[1], r[2], r[4], pct(r[3], OV.chars_seen), bar(r[3], OV.chars_removed)]; }),
      key === "rule" ? null : function (row) { var f = {}; f[key] = row[0].textContent; go("records" + query(f)); });
  }
  function overviewPage() {
    var parts = [el("h1", null, "Overview"),
      el("div", { className: "cards" },
        card("count-records", fmt(OV.records), "records in"),
        card("count-failed", fmt(OV.failed), "records failed"),
        card("count-explained", fmt(OV.explained), "records cleaned with --explain"),
        card("count-removed", pct(OV.chars_removed, OV.chars_seen), "of the text removed"),
        card("count-clustered", fmt(OV.clustered), "records in clusters"),
        card("count-copies", fmt(OV.copies), "copies"))];
    parts.push(el("h2", null, "Failed records by error kind"));
    parts.push(OV.failed_by_kind.length ? table(["error kind", { label: "records", num: true }], OV.failed_by_kind, function (row) { go("records" + query({ status: "failed", kind: row[0] })); }) : el("p", { className: "empty" }, "none"));
    if (OV.failed > OV.shown_failed) parts.push(el("p", { className: "muted" }, "The first " + OV.shown_failed + " failed records are shown whole."));
    parts.push(el("h2", null, "Removed by reason"));
    parts.push(OV.by_reason.length ? removalTable(OV.by_reason, "reason") : el("p", { className: "empty" }, "no removals (clean with --explain to see them)"));
    if (OV.by_reason.length) parts.push(el("h2", null, "Removed by filter"), removalTable(OV.by_filter, "filter"),
      el("details", null, el("summary", null, "by filter and rule"), removalTable(OV.by_rule, "rule")));
    var total = OV.lengths.reduce(function (a, b) { return a + b; }, 0);
    parts.push(el("h2", null, "Body length (characters)"));
    parts.push(total ? table(["length", { label: "records", num: true }, ""], OV.lengths.map(function (count, i) {
      var lo = OV.length_edges[i], hi = OV.length_edges[i + 1];
      return [hi === undefined ? fmt(lo) + " or more" : (hi - lo === 1 ? fmt(lo) : fmt(lo) + "–" + fmt(hi - 1)), count, bar(count, Math.max.apply(null, OV.lengths))];
    })) : el("p", { className: "empty" }, "no bodies"));
    parts.push(el("h2", null, "Clusters by size"));
    parts.push(OV.cluster_sizes.length ? table([{ label: "size", num: true }, { label: "clusters", num: true }], OV.cluster_sizes, function () { go("clusters"); })
      : el("p", { className: "empty" }, OV.deduped ? "no clusters" : "no dedup fields (run newsclean dedup to find copies)"));
    parts.push(el("p", { className: "muted" }, "Inputs: " + DATA.inputs.join(", ") + " · sample " + DATA.settings.sample + ", seed " + DATA.settings.seed));
    render(parts);
  }

  function render() {
    app.textContent = "";
    add(app, Array.prototype.slice.call(arguments));
    window.scrollTo(0, 0);
  }
  function route() {
    var h = location.hash.replace(/^#/, ""), q = h.indexOf("?");
    var parts = (q < 0 ? h : h.slice(0, q)).split("/");
    var page = parts[0] || "overview";
    document.querySelectorAll("header a").forEach(function (a) {
      a.className = a.getAttribute("href") === "#" + (page === "record" ? "records" : page === "cluster" ? "clusters" : page) ? "active" : "";
    });
    if (page === "records") recordsPage(parseQuery(q < 0 ? "" : h.slice(q + 1)));
    else if (page === "record") recordPage(Number(parts[1]));
    else if (page === "clusters") clustersPage();
    else if (page === "cluster") clusterPage(Number(parts[1]), Number(parts[2]) || 0);
    else overviewPage();
  }
  window.addEventListener("hashchange", route);
  route();
})();
