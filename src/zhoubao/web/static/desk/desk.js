/* zhoubao desk: drag-and-drop ordering, confirmations, CSRF for htmx, busy buttons, keyboard shortcuts. No inline script anywhere (strict CSP). */
(function () {
  "use strict";
  var token = function () {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute("content") : "";
  };

  // htmx requests carry the CSRF token as a header (forms also carry it as a field).
  document.addEventListener("htmx:configRequest", function (e) {
    e.detail.headers["X-CSRFToken"] = token();
  });
  // Show that an autosave is on its way.
  document.addEventListener("htmx:beforeRequest", function (e) {
    var form = e.detail.elt;
    if (form && form.classList && form.classList.contains("edit")) {
      var status = document.getElementById("status-" + form.closest(".item").dataset.id);
      if (status && !status.classList.contains("conflict")) { status.textContent = "保存中…"; status.className = "status saving"; }
    }
  });
  document.addEventListener("htmx:sendError", function (e) {
    var form = e.detail.elt;
    if (form && form.closest && form.closest(".item")) {
      var status = document.getElementById("status-" + form.closest(".item").dataset.id);
      if (status) { status.textContent = "⚠ 网络错误，未保存：请检查网络后继续编辑"; status.className = "status error"; }
    }
  });

  // Unsaved edits: an item's form counts its edits; a save that answered 2xx clears those it carried. Leaving the
  // page while one is not saved asks first (the browser shows its own wording).
  document.addEventListener("input", function (e) {
    var form = e.target.closest && e.target.closest("form.edit");
    if (form) { form.dataset.edits = String(Number(form.dataset.edits || 0) + 1); }
  });
  document.addEventListener("htmx:beforeRequest", function (e) {
    var form = e.detail.elt;
    if (form && form.matches && form.matches("form.edit")) { form.dataset.sent = form.dataset.edits || "0"; }
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    var form = e.detail.elt;
    if (form && form.matches && form.matches("form.edit") && e.detail.successful) {
      form.dataset.saved = form.dataset.sent || "0";
    }
  });
  window.addEventListener("beforeunload", function (e) {
    var unsaved = Array.prototype.some.call(document.querySelectorAll("form.edit"), function (f) {
      return (f.dataset.edits || "0") !== (f.dataset.saved || "0");
    });
    if (unsaved) { e.preventDefault(); e.returnValue = ""; }
  });
  // A form posted without htmx (no JavaScript path, the retry page) leaves the page on purpose.
  document.addEventListener("submit", function (e) {
    if (!e.defaultPrevented && e.target.matches && e.target.matches("form.edit")) { e.target.dataset.saved = e.target.dataset.edits || "0"; }
  });

  // Forms that need a confirmation say so in data-confirm.
  document.addEventListener("submit", function (e) {
    var by = e.submitter && e.submitter.getAttribute("data-confirm");
    var msg = by || (e.target.getAttribute && e.target.getAttribute("data-confirm"));
    if (msg && !window.confirm(msg)) { e.preventDefault(); return; }
    // Confirmed here: a button marked data-confirmed tells the server so (without script its own page asks).
    if (msg && by && e.submitter.hasAttribute("data-confirmed")) {
      var flag = e.target.querySelector("input[name=confirmed]") || document.createElement("input");
      flag.type = "hidden"; flag.name = "confirmed"; flag.value = "1"; e.target.appendChild(flag);
    }
  }, true);
  // A form that starts a job (data-job) is sent once: its button stays disabled while the job is queued.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (e.defaultPrevented || !form.hasAttribute || !form.hasAttribute("data-job")) { return; }
    window.setTimeout(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; b.textContent = "已提交…"; });
    }, 0);
  });

  // A form or link that starts something slow (fetching a page, rendering the preview) says so and is not sent
  // twice: data-busy holds the words its button shows meanwhile. Without JavaScript the form posts as usual.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (e.defaultPrevented || !form.hasAttribute || !form.hasAttribute("data-busy")) { return; }
    window.setTimeout(function () {
      form.setAttribute("aria-busy", "true");
      form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (b) {
        b.dataset.label = b.textContent; b.disabled = true; b.textContent = form.getAttribute("data-busy");
      });
    }, 0);
  });
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a[data-busy]");
    if (!link || e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) { return; }
    if (link.getAttribute("aria-busy") === "true") { e.preventDefault(); return; }
    link.setAttribute("aria-busy", "true");
    link.dataset.label = link.textContent;
    link.textContent = link.getAttribute("data-busy");
  });
  // Back to a page the browser kept: what was busy when it was left is not busy any more.
  window.addEventListener("pageshow", function (e) {
    if (!e.persisted) { return; }
    document.querySelectorAll("[aria-busy=true]").forEach(function (el) {
      el.removeAttribute("aria-busy");
      if (el.dataset.label) { el.textContent = el.dataset.label; }
      el.querySelectorAll && el.querySelectorAll("button[data-label]").forEach(function (b) {
        b.disabled = false; b.textContent = b.dataset.label;
      });
    });
  });

  // A title is one line that wraps: Enter does not break it (it would be joined again on save).
  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && e.target.matches && e.target.matches("textarea.title")) { e.preventDefault(); }
  });
  // Browsers without field-sizing: the title grows with its text.
  if (!(window.CSS && CSS.supports && CSS.supports("field-sizing", "content"))) {
    var grow = function (t) { t.style.height = "auto"; t.style.height = t.scrollHeight + "px"; };
    document.addEventListener("input", function (e) { if (e.target.matches && e.target.matches("textarea.grow")) { grow(e.target); } });
    document.addEventListener("DOMContentLoaded", function () { document.querySelectorAll("textarea.grow").forEach(grow); });
  }

  // Landing on an item (#item-N after a move, merge or split; j/k): the item in the middle of the screen, its
  // neighbours in view, and its title below the sticky bars, whose height is measured (it wraps on a phone). A
  // scroll margin on .item cannot centre: it put the item at the top with its neighbour above off-screen.
  function barsBottom() {
    var bottom = 0;
    document.querySelectorAll(".topbar, .jump").forEach(function (bar) {
      var pos = window.getComputedStyle(bar).position, r = bar.getBoundingClientRect();
      if ((pos === "sticky" || pos === "fixed") && r.height && r.top < window.innerHeight / 3) { bottom = Math.max(bottom, r.bottom); }
    });
    return bottom;
  }
  function land(item) {
    item.scrollIntoView({block: "center"});
    var title = item.querySelector(".title") || item;
    var gap = barsBottom() + 8 - title.getBoundingClientRect().top;
    if (gap > 0) { window.scrollBy(0, -gap); }  // an item taller than the screen: its title first
  }
  function landed() {
    var m = /^#(item-\d+)$/.exec(window.location.hash);
    return m ? document.getElementById(m[1]) : null;
  }
  function landOnHash() {
    var item = landed();
    if (item) { land(item); }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", landOnHash); } else { landOnHash(); }
  window.addEventListener("hashchange", landOnHash);
  // Fonts and late layout may move the item before the page has loaded: land again unless it is still in place.
  window.addEventListener("load", function () {
    var item = landed(), title = item && (item.querySelector(".title") || item);
    if (!title) { return; }
    var r = title.getBoundingClientRect();
    if (r.top < barsBottom() || r.bottom > window.innerHeight) { land(item); }
  });

  // Keyboard: j/k next/previous item, e edit it, ctrl+s save, ? this help. Letters do nothing while typing.
  var current = -1;
  function items() { return Array.prototype.slice.call(document.querySelectorAll("#paper .item")); }
  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }
  function go(step) {
    var list = items();
    if (!list.length) { return; }
    var at = list.indexOf(document.querySelector("#paper .item.kb-current"));
    current = at < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(Math.max(at + step, 0), list.length - 1);
    list.forEach(function (it) { it.classList.remove("kb-current"); });
    list[current].classList.add("kb-current");
    land(list[current]);
  }
  function help(show) {
    var box = document.getElementById("shortcuts");
    if (!box) { return; }
    box.hidden = show === undefined ? !box.hidden : !show;
    if (!box.hidden) { box.querySelector("button").focus(); }
  }
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("[data-close-help]")) { help(false); }
  });
  document.addEventListener("keydown", function (e) {
    var el = document.activeElement;
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === "s" || e.key === "S")) {
      var form = (el && el.closest && el.closest("form.edit")) ||
        document.querySelector("#paper .item.kb-current form.edit");
      if (!form) { return; }  // nothing of ours to save: the browser's own ctrl+s
      e.preventDefault();
      if (window.htmx) { window.htmx.trigger(form, "submit"); } else { form.requestSubmit(); }
      return;
    }
    if (e.key === "Escape") {
      var box = document.getElementById("shortcuts");
      if (box && !box.hidden) { help(false); e.preventDefault(); }
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing || typing(el)) { return; }
    if (e.key === "j") { go(1); e.preventDefault(); }
    else if (e.key === "k") { go(-1); e.preventDefault(); }
    else if (e.key === "e") {
      var it = document.querySelector("#paper .item.kb-current") || (go(0), document.querySelector("#paper .item.kb-current"));
      var field = it && it.querySelector("textarea.title");
      if (field) { e.preventDefault(); field.focus(); field.setSelectionRange(field.value.length, field.value.length); }
    } else if (e.key === "?") { help(); e.preventDefault(); }
  });

  function banner(text, kind) {
    var box = document.querySelector(".messages");
    if (!box) {
      box = document.createElement("div");
      box.className = "messages";
      document.body.insertBefore(box, document.querySelector("main"));
    }
    var p = document.createElement("p");
    p.className = "msg " + (kind || "error");
    p.textContent = text;
    box.appendChild(p);
  }

  function setVersion(v) {
    var paper = document.getElementById("paper");
    if (paper) { paper.dataset.version = v; }
    document.querySelectorAll('input[name="issue_version"]').forEach(function (i) { i.value = v; });
  }

  function saveOrder(paper, moved) {
    var body = new URLSearchParams();
    body.append("issue_version", paper.dataset.version);
    paper.querySelectorAll(".items[data-section]").forEach(function (list) {
      body.append("section", list.dataset.section);
      var ids = [];
      list.querySelectorAll(":scope > .item").forEach(function (it) { ids.push(it.dataset.id); });
      body.append("ids", ids.join(","));
    });
    paper.classList.add("busy");
    return fetch(paper.dataset.reorder, {
      method: "POST", body: body, credentials: "same-origin",
      headers: {"X-CSRFToken": token(), "Accept": "application/json"}
    }).then(function (r) {
      return r.json().then(function (data) { return {ok: r.ok, data: data}; });
    }).then(function (res) {
      paper.classList.remove("busy");
      if (!res.ok) {
        banner((res.data && res.data.error) || "排序未保存。", "error");
        window.setTimeout(function () { window.location.reload(); }, 2500);
        return;
      }
      setVersion(res.data.version);
      paper.dataset.saved = String(Date.now());
      if (moved) { window.location.reload(); }
    }).catch(function () {
      paper.classList.remove("busy");
      banner("网络错误，排序未保存。", "error");
    });
  }

  function initSortable() {
    var paper = document.getElementById("paper");
    if (!paper || !paper.classList.contains("editable") || typeof Sortable === "undefined") { return; }
    paper.querySelectorAll(".items[data-section]").forEach(function (list) {
      Sortable.create(list, {
        group: "items", handle: ".handle", animation: 150, draggable: ".item",
        ghostClass: "ghost", chosenClass: "chosen", emptyInsertThreshold: 40,
        onEnd: function (evt) {
          if (evt.from === evt.to && evt.oldIndex === evt.newIndex) { return; }
          saveOrder(paper, evt.from !== evt.to);
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initSortable);
  } else {
    initSortable();
  }
})();
