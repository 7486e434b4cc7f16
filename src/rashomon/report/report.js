/* rashomon report: jump from findings to their quotes, toggle timeline lanes, filter tables.
   Builds no markup from data (textContent only); works on file:// and in the web app. */
(function () {
  "use strict";
  var walk = { row: null, ids: [], pos: 0 };

  function byId(id) { return document.getElementById(id); }
  function openAncestors(el) {
    for (var p = el.parentElement; p; p = p.parentElement) {
      if (p.tagName === "DETAILS" && !p.open) { p.open = true; }
    }
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
    var el = byId("m-" + walk.ids[walk.pos]);
    if (el) { reveal(el); scrollTo(el); }
    showBar();
  }

  function activateFinding(row) {
    var ids = (row.getAttribute("data-mentions") || "").split(" ").filter(Boolean);
    var present = ids.filter(function (id) { return byId("m-" + id); });
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
    var el = byId("m-" + id);
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
      openAncestors(el);
      if (el.tagName === "DETAILS") { el.open = true; }
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
            walk.ids = (row.getAttribute("data-mentions") || "").split(" ").filter(function (id) { return byId("m-" + id); });
            walk.pos = Math.max(0, walk.ids.indexOf(decode(href.slice(3))));
            row.classList.add("active");
            showBar();
          }
          if (history.replaceState) { history.replaceState(null, "", href); }
        }
      } else if (href.charAt(0) === "#") {
        var target = byId(decode(href.slice(1)));
        if (target) { openAncestors(target); if (target.tagName === "DETAILS") { target.open = true; } }
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
      table.querySelectorAll("tbody > tr").forEach(function (tr) {
        tr.hidden = q !== "" && tr.textContent.toLowerCase().indexOf(q) < 0;
      });
    } else if (t.matches("input.list-filter")) {
      var list = byId(t.getAttribute("data-list"));
      if (!list) { return; }
      Array.prototype.forEach.call(list.children, function (el) {
        el.hidden = q !== "" && el.textContent.toLowerCase().indexOf(q) < 0;
      });
    }
  });

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
