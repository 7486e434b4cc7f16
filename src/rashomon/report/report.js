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
    var d = docOfMention(id), det = d === undefined ? null : byId("doc-" + d);
    if (!det) { return null; }
    writeDocOf(det);
    return byId("m-" + id);
  }

  /* ---- long lists shown a page at a time (tables and lists marked data-paged) */
  var PAGE = 100, pagers = [];
  function pagerOf(box) {
    for (var i = 0; i < pagers.length; i++) { if (pagers[i].box === box) { return pagers[i]; } }
    return null;
  }
  function drawPager(p) {
    var n = 0;
    p.ok.forEach(function (ok) { if (ok) { n++; } });
    var pages = Math.max(1, Math.ceil(n / PAGE));
    p.page = Math.min(Math.max(0, p.page), pages - 1);
    var lo = p.page * PAGE, hi = lo + PAGE, k = 0;
    p.items.forEach(function (el, i) {
      if (p.ok[i]) { el.hidden = k < lo || k >= hi; k++; } else { el.hidden = true; }
    });
    p.status.textContent = n === 0 ? "none match" :
      (lo + 1) + "–" + Math.min(hi, n) + " of " + n + (n < p.items.length ? " matching" : "");
    p.prev.disabled = p.page === 0;
    p.next.disabled = p.page >= pages - 1;
  }
  function setupPagers() {
    document.querySelectorAll("[data-paged]").forEach(function (box) {
      var body = box.tagName === "TABLE" ? box.tBodies[0] : box;
      if (!body || body.children.length <= PAGE) { return; }
      var nav = document.createElement("div");
      nav.className = "pg";
      var prev = document.createElement("button"), next = document.createElement("button"),
          status = document.createElement("span");
      prev.type = next.type = "button";
      prev.className = "pg-prev"; next.className = "pg-next"; status.className = "pg-status";
      prev.textContent = "‹ previous " + PAGE; next.textContent = "next " + PAGE + " ›";
      nav.appendChild(prev); nav.appendChild(status); nav.appendChild(next);
      box.parentNode.insertBefore(nav, box);
      var items = Array.prototype.slice.call(body.children);
      var p = { box: box, items: items, ok: items.map(function () { return true; }), page: 0,
                prev: prev, next: next, status: status };
      prev.addEventListener("click", function () { p.page--; drawPager(p); });
      next.addEventListener("click", function () { p.page++; drawPager(p); });
      pagers.push(p);
      drawPager(p);
    });
  }
  /* the page of its list that holds el (clearing the list's filter when el is filtered out) */
  function unpage(el) {
    pagers.forEach(function (p) {
      if (!p.box.contains(el)) { return; }
      var i = p.items.findIndex(function (item) { return item.contains(el); });
      if (i < 0) { return; }
      if (!p.ok[i]) {
        p.ok = p.items.map(function () { return true; });
        document.querySelectorAll("input.table-filter, input.list-filter").forEach(function (inp) {
          if (byId(inp.getAttribute("data-table") || inp.getAttribute("data-list")) === p.box) { inp.value = ""; }
        });
      }
      var k = 0;
      for (var j = 0; j < i; j++) { if (p.ok[j]) { k++; } }
      p.page = Math.floor(k / PAGE);
      drawPager(p);
    });
  }
  function filterItems(box, items, q) {
    var p = pagerOf(box);
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
    var ids = (row.getAttribute("data-mentions") || "").split(" ").filter(Boolean);
    var present = ids.filter(function (id) { return mentionEl(id); });
    if (present.length === 0) {
      var href = row.getAttribute("data-href");
      if (href) { window.location.href = href; }
      return;
    }
    var again = walk.row === row;
    clearActive();
    row.classList.add("active");
    present.forEach(function (id) { reveal(byId("m-" + id)); });
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
    var el = byId(h);
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
        var target = byId(decode(href.slice(1)));
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
      document.querySelectorAll(".tl-view").forEach(function (v) { v.hidden = v.getAttribute("data-mode") !== m; });
      return;
    }
    var evb = t.closest("#evbar button");
    if (evb) {
      var what = evb.getAttribute("data-ev");
      if (what === "next") { goQuote(walk.pos + 1); }
      else if (what === "prev") { goQuote(walk.pos - 1); }
      else if (what === "back" && walk.row) { scrollTo(walk.row); }
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
