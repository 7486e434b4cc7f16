/* rashomon report: jump from findings to their quotes, toggle timeline lanes, filter and page long lists,
   write a document's marked text when it is opened (from the page's JSON block "rashomon-docs").
   Builds no markup from data (elements and textContent only); works on file:// and in the web app. */
(function () {
  "use strict";
  var walk = { row: null, ids: [], pos: 0 };

  function byId(id) { return document.getElementById(id); }

  /* ---- documents written on demand: text and marks from the JSON block, as the report's highlight() */
  var docData = null, docOf = null;
  function docsData() {
    if (docData === null) {
      var el = byId("rashomon-docs");
      try { docData = el ? JSON.parse(el.textContent) : {}; } catch (e) { docData = {}; }
      docData.text = docData.text || {}; docData.marks = docData.marks || {};
    }
    return docData;
  }
  function fullId(docId, row) { return row.length > 5 || row[0].charAt(0) !== "." ? row[0] : docId + row[0]; }
  function docOfMention(id) {
    if (docOf === null) {
      docOf = Object.create(null);
      var marks = docsData().marks;
      Object.keys(marks).forEach(function (d) {
        marks[d].forEach(function (row) { docOf[fullId(d, row)] = d; });
      });
    }
    return docOf[id];
  }
  function writeDoc(box) {
    if (!box || box.getAttribute("data-written")) { return; }
    var d = docsData(), docId = box.getAttribute("data-doc"), text = d.text[docId];
    if (typeof text !== "string") { return; }
    var classes = d.classes || [], tips = d.tips || [];
    var root = document.createDocumentFragment(), stack = [], pos = 0;
    var into = function () { return stack.length ? stack[stack.length - 1].el : root; };
    var put = function (parent, a, b) { if (b > a) { parent.appendChild(document.createTextNode(text.slice(a, b))); } };
    (d.marks[docId] || []).forEach(function (row) {
      var s = row[1], e = row[2];
      while (stack.length && stack[stack.length - 1].end <= s) {
        var top = stack.pop();
        put(top.el, pos, top.end);
        pos = Math.max(pos, top.end);
      }
      var mark = document.createElement("mark"), id = fullId(docId, row);
      mark.id = "m-" + id;
      mark.className = classes[row[3]] || "";
      mark.setAttribute("data-m", id);
      if (tips[row[4]]) { mark.title = tips[row[4]]; }
      if (s < pos) { into().appendChild(mark); return; }   // crosses a span already written: anchor only
      if (stack.length) { e = Math.min(e, stack[stack.length - 1].end); }
      put(into(), pos, s);
      pos = s;
      into().appendChild(mark);
      stack.push({ el: mark, end: e });
    });
    while (stack.length) {
      var last = stack.pop();
      put(last.el, pos, last.end);
      pos = Math.max(pos, last.end);
    }
    put(root, pos, text.length);
    box.textContent = "";
    box.appendChild(root);
    box.setAttribute("data-written", "1");
  }
  function writeDocOf(details) {
    if (details && details.matches("details.doc")) { writeDoc(details.querySelector(".doc-text[data-doc]")); }
  }
  /* a mention's mark, writing its document first when it is not written yet */
  function mentionEl(id) {
    var el = byId("m-" + id);
    if (el) { return el; }
    var d = docOfMention(id), det = d === undefined ? null : findEl("doc-" + d);
    if (!det) { return null; }
    writeDocOf(det);
    return byId("m-" + id);
  }

  /* ---- tables and lists built from the page's JSON block "rashomon-rows" (see rows.py), as html.py's
     renderers write them: h(tag, class, attributes, children) makes an element, or, to filter, its text */
  var rowData = null;
  function rowsData() {
    if (rowData === null) {
      var el = byId("rashomon-rows");
      try { rowData = el ? JSON.parse(el.textContent) : {}; } catch (e) { rowData = {}; }
      ["strings", "docs", "events", "stories", "mentions", "findings"].forEach(function (k) { rowData[k] = rowData[k] || []; });
      rowData.lists = rowData.lists || {};
    }
    return rowData;
  }
  function str(i) { return typeof i === "number" ? (rowsData().strings[i] || "") : ""; }
  function enc(id) {
    return encodeURIComponent(id).replace(/[!'()*]/g, function (c) { return "%" + c.charCodeAt(0).toString(16).toUpperCase(); });
  }
  function cssToken(v) { return String(v || "").toLowerCase().replace(/[^a-z0-9_-]/g, "").slice(0, 32) || "x"; }
  function domH(tag, cls, attrs, kids) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (attrs) { Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); }); }
    (kids || []).forEach(function (k) {
      if (k === null || k === undefined || k === "") { return; }
      e.appendChild(typeof k === "string" ? document.createTextNode(k) : k);
    });
    return e;
  }
  function textH(tag, cls, attrs, kids) {
    return (kids || []).filter(function (k) { return typeof k === "string"; }).join("");
  }
  function joined(h, items, sep) {      // items separated by sep (as ", ".join(...) would)
    var out = [];
    items.forEach(function (it, i) { if (i) { out.push(sep); } out.push.apply(out, it); });
    return out;
  }
  function mentionId(k) {
    var m = rowsData().mentions[k];
    if (!m) { return String(k); }
    return typeof m[1] === "string" ? rowsData().docs[m[0]][0] + m[1] : m[1][0];
  }
  function docRef(h, k) {
    var d = rowsData().docs[k] || ["", "", ""];
    var out = [h("a", "doc-ref", { href: "#doc-" + enc(d[0]) }, [d[1]])];
    if (d[2]) { out.push(" ", h("span", "meta", null, [d[2]])); }
    return out;
  }
  function quote(h, k) {        // the sentence around a mention, the mention marked (html.quote_html)
    var m = rowsData().mentions[k], text = docsData().text[rowsData().docs[m[0]][0]] || "";
    var s = m[6], e = s + m[7], cut = m[10] || 0;
    return [cut & 1 ? "…" : "", text.slice(s - m[8], s), h("mark", "q k-" + str(m[2]), null, [text.slice(s, e)]),
            text.slice(e, e + m[9]), cut & 2 ? "…" : ""];
  }
  function card(h, c) {         // html._evidence_card
    if (c.length === 1) { return h("div", "ev missing", null, ["mention " + c[0] + " is not in the export"]); }
    var m = rowsData().mentions[c[0]], id = mentionId(c[0]), qual = str(m[3]), extra = [];
    if (str(m[5])) { extra.push(h("span", "pred", { title: "what the statement says happened" }, [str(m[5])])); }
    if (c[2]) { extra.push(h("span", "badge copy", null, ["same text, republished"])); }
    var party = str(c[1]);
    return h("div", "ev k-" + str(m[2]), { "data-m": id }, [
      h("div", "ev-src", null, docRef(h, m[0])),
      h("div", "ev-val", null, [qual ? h("span", "qual", null, [qual]) : "", qual ? " " : "",
                                h("b", "val", null, [str(m[4])]), " "].concat(joined(h, extra.map(function (x) { return [x]; }), " "))),
      h("div", "ev-party", null, [party ? h("span", "party", null, ["according to ", h("b", null, null, [party])])
                                        : h("span", "party self", null, ["the document itself"])]),
      h("blockquote", "ev-quote", null, quote(h, c[0])),
      h("a", "ev-link", { href: "#m-" + enc(id) }, ["show in document ›"])]);
  }
  function findingRow(h, r, kind) {     // html.render_findings' row
    var d = rowsData(), v = d.events[r[3]], st = d.stories[r[4]], kids;
    var ev = v ? [h("a", "event-ref", { href: "#v-" + enc(v[0]) }, [v[1]])].concat(v[2] ? [" ", h("span", "meta", null, [v[2]])] : [])
               : [h("span", "muted", null, ["no aligned event"])];
    var cell = [h("div", null, null, ev), h("div", "what", null, [str(r[5])])];
    if (st) { cell.push(h("div", "story-ref", null, ["story: ", h("a", null, { href: "#story-" + enc(st[0]) }, [st[1]])])); }
    cell.push(h("div", "expl", null, [str(r[6])]));
    if (r[7].length) {
      cell.push(h("div", "why", null, ["aligned because:", h("ul", "reasons", null, r[7].map(function (x) { return h("li", null, null, [str(x)]); })),
                                       h("span", "meta", null, ["confidence " + str(r[8])])]));
    }
    var cards = function (cs) { return h("div", "evs", null, cs.map(function (c) { return card(h, c); })); };
    if (!r[10]) { kids = [cards(r[11][0][3])]; } else {
      kids = [h("div", "sides", null, r[11].map(function (side, n) {
        var qual = str(side[1]);
        return h("div", "side", { "data-side": String(n + 1) }, [
          h("div", "side-head", null, ["side " + (n + 1) + ": ", qual ? h("span", "qual", null, [qual]) : "", qual ? " " : "",
                                       h("b", "val", null, [str(side[2])]), " ",
                                       h("span", "meta", null, [side[0] + " document" + (side[0] !== 1 ? "s" : "")])]),
          cards(side[3])]);
      }).concat(r[12] ? [h("div", "side between", { "data-side": "between" }, [
        h("div", "side-head", null, ["compatible with more than one side"]), cards(r[12])])] : []))];
    }
    var status;
    if (kind === "agreement") {
      status = r[2] === 1 ? h("span", "badge copy", null, ["same text, republished"]) : h("span", "badge indep", null, ["independent"]);
    } else {
      status = str(r[2]) ? h("span", "badge sev-" + cssToken(str(r[2])), null, [str(r[2])]) : h("span", "muted", null, ["—"]);
    }
    var mids = r[9].map(function (k) { return typeof k === "number" ? mentionId(k) : k; });
    return h("tr", str(r[1]), { id: "f-" + r[0], "data-mentions": mids.join(" "), tabindex: "0" }, [
      h("td", "fid", null, [h("a", null, { href: "#f-" + enc(r[0]) }, [r[0]])]),
      h("td", "fevent", null, cell), h("td", "fev", null, kids), h("td", "fsev", null, [status])]);
  }
  function dossier(h, r) {      // html.render_entities' dossier
    var d = rowsData(), none = function () { return h("span", "muted", null, ["none"]); };
    var docs = joined(h, r[5].map(function (x) { return docRef(h, x[0]).concat([" ", h("span", "meta", null, ["×" + x[1]])]); }), ", ");
    var evs = joined(h, r[6].map(function (k) {
      var v = typeof k === "number" ? d.events[k] : [k, k];
      return [h("a", null, { href: "#v-" + enc(v[0]) }, [v[1]])];
    }), ", ");
    var dl = [h("dt", null, null, ["aliases"]), h("dd", null, null, [r[4] || none()]),
              h("dt", null, null, ["documents"]), h("dd", null, null, docs.length ? docs : [none()]),
              h("dt", null, null, ["events"]), h("dd", null, null, evs.length ? evs : [none()])];
    if (r[7].length) {
      dl.push(h("dt", null, null, ["called"]), h("dd", null, null, [h("ul", null, null, r[7].map(function (l) {
        return h("li", null, null, ["“" + str(l[0]) + "”: "].concat(joined(h, l[1].map(function (k) { return docRef(h, k); }), ", ")));
      }))]));
    }
    return h("details", "dossier", { id: "e-" + r[0] }, [
      h("summary", null, null, [h("b", null, null, [r[1]]), " ", h("span", "badge type", null, [str(r[2])]), " ",
                                h("span", "meta", null, [r[3] + " mentions in " + r[5].length + " documents · " + r[6].length + " events"])]),
      h("dl", null, null, dl)]);
  }
  function labelRows(h, r) {    // html.render_framing's names of one entity: a tbody
    return h("tbody", null, null, r[2].map(function (l, k) {
      var q = l[3], quoteKids = typeof q === "number" ? (q >= 0 ? quote(h, q).concat([" ", h("a", "ev-link", { href: "#m-" + enc(mentionId(q)) }, ["›"])]) : [])
                                                      : ["“" + q + "”"];
      var tds = [h("td", null, null, [h("b", null, null, [str(l[0])])]), h("td", null, null, [str(l[1])]),
                 h("td", null, null, joined(h, l[2].map(function (x) { return docRef(h, x); }), ", ")),
                 h("td", "quote", null, quoteKids)];
      if (k === 0) {
        tds.unshift(h("td", null, { rowspan: String(r[2].length) }, [h("a", null, { href: "#e-" + enc(r[0]) }, [r[1]]),
                                                                     h("div", "meta", null, [r[2].length + " names"])]));
      }
      return h("tr", null, null, tds);
    }));
  }
  function predicateRow(h, r) { // html.render_framing's row of an event and a word
    var d = rowsData();
    return h("tr", null, null, [h("td", null, null, [str(r[0])]), h("td", null, null, [str(r[1])]),
      h("td", null, null, joined(h, r[2].map(function (x) {
        var doc = d.docs[x[0]], href = x[1] >= 0 ? "#m-" + enc(mentionId(x[1])) : "#doc-" + enc(doc[0]);
        return [h("a", "doc-ref", { href: href }, [doc[1]])].concat(str(x[2]) ? [" ", h("span", "meta", null, [str(x[2])])] : []);
      }), ", "))]);
  }
  function docItem(h, r) {      // html.render_document(..., lazy=True)
    var d = rowsData(), doc = d.docs[r[0]], id = doc[0], st = d.stories[r[4]];
    var badges = joined(h, r[2].map(function (k) {
      return [h("span", "badge " + cssToken(str(k[0])), null, [k[1] + " " + str(k[0]) + (k[1] !== 1 ? "s" : "")])];
    }), " ");
    var meta = r[3].map(function (kv) { return [h("span", null, null, [h("i", null, null, [str(kv[0])]), " " + str(kv[1])])]; });
    if (st) { meta.push([h("span", null, null, [h("i", null, null, ["story"]), " ", h("a", null, { href: "#story-" + enc(st[0]) }, [st[1]])])]); }
    if (r[5]) {
      meta.push([h("span", null, null, [h("i", null, null, ["url"]), " ",
                                        h("a", null, { href: r[5], rel: "noopener noreferrer nofollow" }, [r[5]])])]);
    }
    if (r[6].length) {
      meta.push([h("span", null, null, [h("i", null, null, ["same text as"]), " "].concat(
        joined(h, r[6].map(function (k) { return docRef(h, k); }), ", ")))]);
    }
    var metaKids = joined(h, meta, " ");
    if (r[7].length) {
      metaKids.push(" ", h("span", null, null, [h("i", null, null, ["findings"]), " "].concat(joined(h, r[7].map(function (k) {
        var f = d.findings[k];
        return [h("a", "badge " + str(f[1]), { href: "#f-" + enc(f[0]) }, [f[0]])];
      }), " "))));
    }
    var summary = [h("span", "doc-title", null, [doc[1]]), " "];
    if (doc[2]) { summary.push(h("span", "meta", null, [doc[2]]), " "); }
    summary.push(h("span", "meta", null, [r[1] + " statements"]), " ");
    return h("details", "doc", { id: "doc-" + id }, [h("summary", null, null, summary.concat(badges)),
      h("div", "doc-meta", null, metaKids), h === textH ? "" : h("div", "doc-text", { "data-doc": id }, [])]);
  }
  function groupItem(h, r) {    // html.render_framing's group of documents that frame alike
    var more = r[1] > 50 ? [" ", h("span", "meta", null, ["and " + (r[1] - 50) + " more"])] : [];
    var chips = joined(h, r[3].map(function (w) {
      return [h("span", "chip", null, [str(w[0]) + " ", h("i", null, null, ["z " + str(w[1])])])];
    }), " ");
    return h("li", null, null, [h("b", null, null, [str(r[0])]), " ",
      h("span", "meta", null, [r[1] + " document" + (r[1] !== 1 ? "s" : "")]),
      h("div", null, null, joined(h, r[2].map(function (k) { return docRef(h, k); }), ", ").concat(more)),
      chips.length ? h("div", "words", null, ["distinctive words: "].concat(chips)) : ""]);
  }
  function distinctiveRow(h, r) {
    return h("tr", null, null, [h("td", null, null, [str(r[0])]), h("td", null, null, [str(r[1])]),
                                h("td", "num", null, [str(r[2])])]);
  }
  function storyItem(h, r) {    // html.render_stories' story
    var st = rowsData().stories[r[0]], n = function (k, t) { return k + " " + t + (k !== 1 ? "s" : ""); };
    var terms = joined(h, r[2].map(function (t) { return [h("span", "chip", null, [str(t)])]; }), " ");
    return h("li", "story", { id: "story-" + st[0] }, [h("b", null, null, [str(r[1])]), " ",
      h("span", "meta", null, [st[0] + " · " + r[3].length + " documents · " + n(r[4][0], "conflict") + " · " + n(r[4][1], "agreement")]),
      terms.length ? h("div", "words", null, terms) : "",
      h("ul", "story-docs", null, r[3].map(function (k) { return h("li", null, null, docRef(h, k)); }))]);
  }
  function eventRow(h, r) {     // html.render_events' row
    var d = rowsData(), v = d.events[r[0]];
    return h("tr", null, { id: "v-" + v[0] }, [h("td", null, null, [v[1]]), h("td", null, null, [v[2]]),
      h("td", null, null, joined(h, r[1].map(function (e) { return [h("a", null, { href: "#e-" + enc(e[0]) }, [e[1]])]; }), ", ")),
      h("td", "num", null, [String(r[2])]), h("td", "num", null, [String(r[3])]),
      h("td", null, null, joined(h, r[4].map(function (k) {
        var f = d.findings[k];
        return [h("a", "badge " + str(f[1]), { href: "#f-" + enc(f[0]) }, [f[0]])];
      }), " "))]);
  }
  var BUILD = { stories: storyItem, events: eventRow, findings: findingRow, dossiers: dossier, labels: labelRows, predicates: predicateRow, documents: docItem,
                groups: groupItem, distinctive: distinctiveRow };
  var ANCHOR = { findings: "f-", dossiers: "e-", documents: "doc-", stories: "story-", events: "v-" };
  function anchorKey(p, r) {
    return p.kind === "documents" ? p.rowsData.docs[r[0]][0] : p.kind === "stories" ? p.rowsData.stories[r[0]][0] :
      p.kind === "events" ? p.rowsData.events[r[0]][0] : r[0];
  }

  /* ---- the timeline's views drawn from data when shown (timeline.render_timeline(..., data=...)) */
  var SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs, kids) {
    var e = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (kids || []).forEach(function (k) { e.appendChild(typeof k === "string" ? document.createTextNode(k) : k); });
    return e;
  }
  function f1(x) { return Number(x).toFixed(1); }
  function drawTimeline(box) {
    if (!box || !box.hasAttribute("data-tl") || box.getAttribute("data-drawn")) { return; }
    var d = rowsData(), tl = d.timeline, v = tl && tl.views[box.getAttribute("data-mode")];
    if (!v) { return; }
    var g = tl.geometry, W = g[0], GUTTER = g[1], RIGHT = g[2], AXIS = g[3], h = v.h;
    var root = svg("svg", { "class": "timeline", viewBox: "0 0 " + W + " " + h, width: String(W), height: String(h),
                            role: "img", "aria-label": "timeline of dated statements, one lane per " + v.label,
                            "data-mode": box.getAttribute("data-mode") });
    /* lanes and their marks are drawn a chunk of lanes at a time, when scrolled to: before these markers,
       so that what is drawn keeps the order of timeline.render_svg (lanes, grid, marks, conflicts) */
    var lanesEnd = document.createComment("lanes"), marksEnd = document.createComment("marks");
    root.appendChild(lanesEnd);
    v.ticks.forEach(function (t) {
      root.appendChild(svg("line", { "class": "grid", x1: f1(t[0]), y1: String(AXIS - 6), x2: f1(t[0]), y2: String(h - 8) }));
      root.appendChild(svg("text", { "class": "tick", x: f1(t[0]), y: String(AXIS - 12) }, [str(t[1])]));
    });
    root.appendChild(svg("line", { "class": "axis", x1: String(GUTTER), y1: String(AXIS - 6), x2: String(W - RIGHT), y2: String(AXIS - 6) }));
    root.appendChild(marksEnd);
    v.conflicts.forEach(function (c) {
      var f = d.findings[c[0]], mx = c[2], my = c[3];
      root.appendChild(svg("a", { "class": "conflict-link", href: "#f-" + enc(f[0]), "data-f": f[0] }, [
        svg("path", { "class": "conflict-marker", d: c[1] }),
        svg("rect", { "class": "conflict-knot", x: f1(mx - 4), y: f1(my - 4), width: "8", height: "8",
                      transform: "rotate(45 " + f1(mx) + " " + f1(my) + ")" }),
        svg("title", null, [str(c[4])])]));
    });
    var first = [], n = 0;                 // each lane's first mark
    v.lanes.forEach(function (l) { first.push(n); n += l[5]; });
    var CHUNK = 40, drawn = {};
    function drawChunk(k) {
      if (drawn[k]) { return; }
      drawn[k] = true;
      var lanes = document.createDocumentFragment(), marks = document.createDocumentFragment();
      for (var li = k * CHUNK; li < Math.min(v.lanes.length, (k + 1) * CHUNK); li++) {
        var l = v.lanes[li];
        lanes.appendChild(svg("rect", { "class": "lane-bg lane-" + (li % 2), x: "0", y: String(l[0]), width: String(W), height: String(l[1]) }));
        var text = svg("text", { "class": "lane-label", x: "6", y: f1(l[0] + l[1] / 2 + 4) },
                       [l[3] ? str(l[3]) : str(l[2]), svg("title", null, [str(l[2])])]);
        lanes.appendChild(l[4] >= 0 ? svg("a", { href: "#doc-" + enc(d.docs[l[4]][0]) }, [text]) : text);
        for (var j = first[li]; j < first[li] + l[5]; j++) { marks.appendChild(markOf(v.marks[j])); }
      }
      root.insertBefore(lanes, lanesEnd);
      root.insertBefore(marks, marksEnd);
    }
    function markOf(p) {
      var mk = d.timeline_marks[p[0]], id = mentionId(mk[0]), doc = d.docs[d.mentions[mk[0]][0]];
      var title = svg("title", null, [str(mk[2]) + " (" + str(mk[3]) + ") · " + str(mk[4]) + " · " + doc[1] + " · " + str(mk[5])]);
      var shape = p[3] < 0 ?
        svg("circle", { "class": str(mk[1]) + " mark-point", cx: f1(p[1]), cy: f1(p[2]), r: "4.5", "data-m": id }, [title]) :
        svg("rect", { "class": str(mk[1]) + " mark-range", x: f1(p[1]), y: f1(p[2] - 5), width: f1(p[3]), height: "10", rx: "3",
                      "data-m": id }, [title]);
      return svg("a", { "class": "mark-link", href: "#m-" + enc(id) }, [shape]);
    }
    function drawShown() {           // the chunks of lanes within a window's height of what is scrolled to
      var scroller = box.parentNode, r = root.getBoundingClientRect(), s = scroller.getBoundingClientRect();
      var scale = r.height / h || 1, top = (s.top - r.top) / scale, bottom = (s.bottom - r.top) / scale;
      var margin = Math.max(bottom - top, 200);
      for (var li = 0; li < v.lanes.length; li += CHUNK) {
        var hi = Math.min(v.lanes.length, li + CHUNK) - 1;
        if (v.lanes[hi][0] + v.lanes[hi][1] >= top - margin && v.lanes[li][0] <= bottom + margin) { drawChunk(li / CHUNK); }
      }
    }
    box.textContent = "";
    box.appendChild(root);
    box.setAttribute("data-drawn", "1");
    drawShown();
    var queued = false;
    box.parentNode.addEventListener("scroll", function () {
      if (box.hidden || queued) { return; }
      queued = true;
      requestAnimationFrame(function () { queued = false; drawShown(); });
    });
  }

  /* ---- long lists shown a page at a time (tables and lists marked data-paged; data-rows: built from data) */
  var PAGE = 100, pagers = [];
  function pagerOf(box) {
    for (var i = 0; i < pagers.length; i++) { if (pagers[i].box === box) { return pagers[i]; } }
    return null;
  }
  function nodeOf(p, i) {
    if (!p.built[i]) {
      var kind = p.kind === "findings" ? (p.box.className.split(" ")[1] || "") : null;
      p.built[i] = BUILD[p.kind](domH, p.rows[i], kind);
    }
    return p.built[i];
  }
  function textOf(p, i) {
    if (!p.texts) { p.texts = []; }
    if (p.texts[i] === undefined) {
      var kind = p.kind === "findings" ? (p.box.className.split(" ")[1] || "") : null;
      p.texts[i] = BUILD[p.kind](textH, p.rows[i], kind).toLowerCase();
    }
    return p.texts[i];
  }
  function drawPager(p) {
    var n = 0;
    p.ok.forEach(function (ok) { if (ok) { n++; } });
    var pages = Math.max(1, Math.ceil(n / PAGE));
    p.page = Math.min(Math.max(0, p.page), pages - 1);
    var lo = p.page * PAGE, hi = lo + PAGE, k = 0;
    if (p.rows) {
      p.drawn = true;
      p.shown.forEach(function (el) { if (el.parentNode) { el.parentNode.removeChild(el); } });
      p.shown = [];
      var frag = document.createDocumentFragment();
      for (var i = 0; i < p.rows.length && k < hi; i++) {
        if (!p.ok[i]) { continue; }
        if (k >= lo) { var node = nodeOf(p, i); frag.appendChild(node); p.shown.push(node); }
        k++;
      }
      p.into.appendChild(frag);
    } else {
      p.items.forEach(function (el, i) {
        if (p.ok[i]) { el.hidden = k < lo || k >= hi; k++; } else { el.hidden = true; }
      });
    }
    if (!p.status) { return; }
    p.status.textContent = n === 0 ? "none match" :
      (lo + 1) + "–" + Math.min(hi, n) + " of " + n + (n < p.ok.length ? " matching" : "");
    p.prev.disabled = p.page === 0;
    p.next.disabled = p.page >= pages - 1;
  }
  function addNav(p) {
    var box = p.box, nav = document.createElement("div");
      nav.className = "pg";
      var prev = document.createElement("button"), next = document.createElement("button"),
          status = document.createElement("span");
      prev.type = next.type = "button";
      prev.className = "pg-prev"; next.className = "pg-next"; status.className = "pg-status";
      prev.textContent = "‹ previous " + PAGE; next.textContent = "next " + PAGE + " ›";
      nav.appendChild(prev); nav.appendChild(status); nav.appendChild(next);
      box.parentNode.insertBefore(nav, box);
      p.prev = prev; p.next = next; p.status = status;
      prev.addEventListener("click", function () { p.page--; drawPager(p); });
      next.addEventListener("click", function () { p.page++; drawPager(p); });
  }
  function setupPagers() {
    document.querySelectorAll("[data-paged]").forEach(function (box) {
      var body = box.tagName === "TABLE" ? box.tBodies[0] : box;
      if (!body || body.children.length <= PAGE) { return; }
      var items = Array.prototype.slice.call(body.children);
      var p = { box: box, items: items, ok: items.map(function () { return true; }), page: 0 };
      addNav(p);
      pagers.push(p);
      drawPager(p);
    });
    document.querySelectorAll("[data-rows]").forEach(function (box) {
      var list = rowsData().lists[box.id];
      if (!list || !BUILD[list.kind]) { return; }
      var p = { box: box, rows: list.rows, kind: list.kind, rowsData: rowsData(), ok: list.rows.map(function () { return true; }), page: 0,
                built: [], shown: [], anchors: null,
                into: box.tagName === "TABLE" && list.kind !== "labels" ? box.tBodies[0] : box };
      var n = list.rows.length;
      if (n > PAGE) {
        addNav(p);
        p.status.textContent = "1–" + PAGE + " of " + n;
        p.prev.disabled = true;
      }
      pagers.push(p);
      if (seen) { seen.observe(box); } else { drawPager(p); }
    });
    /* a small report builds every list's first page at once; a large one only those near the window */
    var total = 0;
    pagers.forEach(function (p) { if (p.rows) { total += Math.min(p.rows.length, PAGE); } });
    if (seen && total <= EAGER) {
      pagers.forEach(function (p) { if (p.rows && !p.drawn) { seen.unobserve(p.box); drawPager(p); } });
    }
  }
  var EAGER = 1000;
  /* a data-built list is built when it comes near the window (not all of them when the page loads) */
  var seen = window.IntersectionObserver ? new IntersectionObserver(function (entries) {
    entries.forEach(function (en) {
      if (!en.isIntersecting) { return; }
      seen.unobserve(en.target);
      var p = pagerOf(en.target);
      if (p && !p.drawn) { drawPager(p); }
    });
  }, { rootMargin: "1500px 0px" }) : null;
  /* the element of an id, building the page of its data-built list that holds it when it is not shown */
  function findEl(id) {
    var el = byId(id);
    if (el) { return el; }
    for (var j = 0; j < pagers.length; j++) {
      var p = pagers[j], prefix = p.rows && ANCHOR[p.kind];
      if (!prefix || id.indexOf(prefix) !== 0) { continue; }
      if (!p.anchors) {
        p.anchors = Object.create(null);
        p.rows.forEach(function (r, i) { p.anchors[prefix + anchorKey(p, r)] = i; });
      }
      var i = p.anchors[id];
      if (i === undefined) { continue; }
      showItem(p, i);
      return byId(id);
    }
    return null;
  }
  /* a pager's page that holds its i-th item (clearing its filter when the item is filtered out) */
  function showItem(p, i) {
    if (!p.ok[i]) {
      p.ok = p.ok.map(function () { return true; });
      document.querySelectorAll("input.table-filter, input.list-filter").forEach(function (inp) {
        if (byId(inp.getAttribute("data-table") || inp.getAttribute("data-list")) === p.box) { inp.value = ""; }
      });
    }
    var k = 0;
    for (var j = 0; j < i; j++) { if (p.ok[j]) { k++; } }
    var page = Math.floor(k / PAGE);
    if (page !== p.page || !p.rows) { p.page = page; drawPager(p); }
    else if (p.rows && !p.built[i]) { drawPager(p); }
  }
  /* the page of its list that holds el (clearing the list's filter when el is filtered out) */
  function unpage(el) {
    pagers.forEach(function (p) {
      if (p.rows || !p.box.contains(el)) { return; }     // a data-built list shows only its page's items
      var body = p.items[0] && p.items[0].parentNode, item = el;
      while (item && item.parentNode !== body) { item = item.parentNode; }
      var i = item ? p.items.indexOf(item) : -1;
      if (i >= 0 && (!p.ok[i] || item.hidden)) { showItem(p, i); }
    });
  }
  function filterItems(box, items, q) {
    var p = pagerOf(box);
    if (p && p.rows) {
      p.ok = p.rows.map(function (r, i) { return q === "" || textOf(p, i).indexOf(q) >= 0; });
      p.page = 0; drawPager(p); return;
    }
    var match = function (el) { return q === "" || el.textContent.toLowerCase().indexOf(q) >= 0; };
    if (p) { p.ok = p.items.map(match); p.page = 0; drawPager(p); return; }
    items.forEach(function (el) { el.hidden = !match(el); });
  }

  function openAncestors(el) {
    unpage(el);
    for (var p = el.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS" && !p.open) { writeDocOf(p); p.open = true; }
    }
  }
  function openDetails(el) {
    openAncestors(el);
    if (el.tagName === "DETAILS") { writeDocOf(el); el.open = true; }
  }
  function clearActive() {
    document.querySelectorAll("mark.active, tr.finding.active").forEach(function (e) { e.classList.remove("active"); });
  }
  function flash(el) {
    el.classList.remove("flash");
    void el.offsetWidth;  // restart the animation
    el.classList.add("flash");
  }
  function reveal(el) {
    openAncestors(el);
    el.classList.add("active");
    flash(el);
  }
  function scrollTo(el) {
    el.scrollIntoView({ block: "center", inline: "nearest" });
  }
  function decode(s) { try { return decodeURIComponent(s); } catch (e) { return s; } }

  function showBar() {
    var bar = byId("evbar");
    if (!bar) { return; }
    if (!walk.row || walk.ids.length === 0) { bar.hidden = true; return; }
    bar.hidden = false;
    byId("evbar-text").textContent = "finding " + walk.row.id.replace(/^f-/, "") + ": quote " +
      (walk.pos + 1) + " of " + walk.ids.length;
  }
  function goQuote(pos) {
    if (!walk.ids.length) { return; }
    walk.pos = (pos + walk.ids.length) % walk.ids.length;
    var el = mentionEl(walk.ids[walk.pos]);
    if (el) { reveal(el); scrollTo(el); }
    showBar();
  }

  function activateFinding(row) {
    var ids = (row.getAttribute("data-mentions") || "").split(" ").filter(Boolean), els = {};
    // a mark whose document is on another page of the list is kept (built, not in the page) until shown
    var present = ids.filter(function (id) { return (els[id] = mentionEl(id)); });
    if (present.length === 0) {
      var href = row.getAttribute("data-href");
      if (href) { window.location.href = href; }
      return;
    }
    var again = walk.row === row;
    clearActive();
    row.classList.add("active");
    present.forEach(function (id) { reveal(els[id]); });
    walk.row = row; walk.ids = present;
    goQuote(again ? walk.pos + 1 : 0);
  }

  function showMention(id, scroll) {
    var el = mentionEl(id);
    if (!el) { return false; }
    clearActive();
    reveal(el);
    if (scroll) { scrollTo(el); }
    return true;
  }

  function followHash() {
    var h = decode(window.location.hash.slice(1));
    if (!h) { return; }
    if (h.indexOf("m-") === 0) { showMention(h.slice(2), true); return; }
    var el = findEl(h);
    if (el) {
      openDetails(el);
      if (el.classList.contains("finding")) { el.classList.add("active"); }
      scrollTo(el);
    }
  }

  document.addEventListener("click", function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) { return; }
    var link = t.closest("a");
    if (link) {
      var href = link.getAttribute("href") || "";
      if (href.indexOf("#m-") === 0) {
        if (showMention(decode(href.slice(3)), true)) {
          ev.preventDefault();
          var row = link.closest("tr.finding");
          if (row) {
            walk.row = row;
            walk.ids = (row.getAttribute("data-mentions") || "").split(" ").filter(function (id) { return mentionEl(id); });
            walk.pos = Math.max(0, walk.ids.indexOf(decode(href.slice(3))));
            row.classList.add("active");
            showBar();
          }
          if (history.replaceState) { history.replaceState(null, "", href); }
        }
      } else if (href.charAt(0) === "#") {
        var target = findEl(decode(href.slice(1)));
        if (target) { openDetails(target); }
      }
      return;
    }
    var mode = t.closest("button.tl-mode");
    if (mode) {
      var m = mode.getAttribute("data-mode");
      document.querySelectorAll("button.tl-mode").forEach(function (b) {
        b.setAttribute("aria-pressed", String(b.getAttribute("data-mode") === m));
      });
      document.querySelectorAll(".tl-view").forEach(function (v) {
        v.hidden = v.getAttribute("data-mode") !== m;
        if (!v.hidden) { drawTimeline(v); }
      });
      return;
    }
    var evb = t.closest("#evbar button");
    if (evb) {
      var what = evb.getAttribute("data-ev");
      if (what === "next") { goQuote(walk.pos + 1); }
      else if (what === "prev") { goQuote(walk.pos - 1); }
      else if (what === "back" && walk.row) { scrollTo(walk.row.isConnected ? walk.row : findEl(walk.row.id) || walk.row); }
      else if (what === "close") { walk = { row: null, ids: [], pos: 0 }; clearActive(); showBar(); }
      return;
    }
    var row = t.closest("tr.finding");
    if (row && !t.closest("input, button, summary")) { activateFinding(row); }
  });

  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (ev.key === "Enter" && t instanceof Element && t.matches("tr.finding")) { activateFinding(t); }
  });

  document.addEventListener("input", function (ev) {
    var t = ev.target;
    if (!(t instanceof Element)) { return; }
    var q = (t.value || "").toLowerCase().trim();
    if (t.matches("input.table-filter")) {
      var table = byId(t.getAttribute("data-table"));
      if (!table) { return; }
      filterItems(table, Array.prototype.slice.call(table.querySelectorAll("tbody > tr")), q);
    } else if (t.matches("input.list-filter")) {
      var list = byId(t.getAttribute("data-list"));
      if (!list) { return; }
      filterItems(list, Array.prototype.slice.call(list.children), q);
    }
  });

  /* a document opened by its summary: write its text (toggle does not bubble, so listen while capturing) */
  document.addEventListener("toggle", function (ev) {
    var t = ev.target;
    if (t instanceof Element && t.open) { writeDocOf(t); }
  }, true);
  document.querySelectorAll("details.doc[open]").forEach(writeDocOf);
  document.querySelectorAll(".tl-view[data-tl]:not([hidden])").forEach(drawTimeline);
  setupPagers();

  window.addEventListener("hashchange", followHash);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", followHash);
  } else { followHash(); }

  /* web app: upload files, then follow the analysis job */
  var form = byId("upload-form");
  if (form && window.fetch && window.FormData) {
    var out = byId("job");
    var token = new URLSearchParams(window.location.search).get("token");
    var headers = token ? { "Authorization": "Bearer " + token } : {};
    var say = function (s) { if (out) { out.textContent = s; } };
    var poll = function (id) {
      fetch("/api/jobs/" + encodeURIComponent(id), { headers: headers, credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (job) {
          var p = job.progress || {};
          say("job " + job.id + ": " + job.status + (p.total ? " (" + p.done + "/" + p.total + " documents)" : "") +
              (job.message ? "\n" + job.message : "") + (job.error ? "\nerror: " + job.error : ""));
          if (job.status === "queued" || job.status === "running") { setTimeout(function () { poll(id); }, 1000); }
        })
        .catch(function (e) { say("could not read the job: " + e); });
    };
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      say("uploading…");
      fetch(form.getAttribute("action") || "/api/upload",
            { method: "POST", body: new FormData(form), headers: headers, credentials: "same-origin" })
        .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
        .then(function (res) {
          if (!res.ok) { say("upload refused: " + (res.j.detail || JSON.stringify(res.j))); return; }
          var j = res.j;
          say("stored " + (j.added || []).length + " new documents" +
              ((j.duplicates || []).length ? ", " + j.duplicates.length + " already stored" : "") +
              ((j.errors || []).length ? "\nerrors:\n" + j.errors.join("\n") : ""));
          if (j.job) { poll(j.job); }
        })
        .catch(function (e) { say("upload failed: " + e); });
    });
  }
})();
