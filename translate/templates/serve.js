/* diptych serve: the review page. Text is only ever set with textContent. */
(function () {
  "use strict";
  var main = document.getElementById("main");
  if (!main) { return; }
  var pollUrl = main.getAttribute("data-poll");
  var version = main.getAttribute("data-version");
  var dataNode = document.getElementById("data");
  if (!dataNode) {  // the index: reload when any catalog changes on disk
    setInterval(function () {
      fetch(pollUrl, {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (d) {
        if (d.version !== version) { location.reload(); }
      }).catch(function () {});
    }, 2000);
    return;
  }
  var data = JSON.parse(dataNode.textContent);
  var saveUrl = main.getAttribute("data-save");
  var entriesUrl = main.getAttribute("data-entries");
  var editor = document.getElementById("editor");
  var text = document.getElementById("ed-text");
  var comment = document.getElementById("ed-comment");
  var live = document.getElementById("live");
  var labels = {reviewed: "reviewed", machine: "machine translation, not reviewed",
    reused: "reused from another article, not reviewed", edited: "edited, not yet approved",
    untranslated: "not translated"};
  // editBase: the entry as the editor was filled; a save sends it, so a change made on disk
  // meanwhile to the same sentence comes back as a conflict instead of being overwritten
  var current = null, cursor = null, undo = [], busy = false, editBase = null;
  spans().forEach(paint);

  function $(id) { return document.getElementById(id); }
  function spans() { return Array.prototype.slice.call(document.querySelectorAll(".tgt .s[data-id]")); }
  function entryOf(id) { return data.entries[data.segments[String(id)]] || null; }
  function say(message) { live.textContent = message; }
  function key(id) {
    var e = entryOf(id);
    return e && e.rank ? [e.rank[0], e.rank[1], Number(id)] : null;
  }
  function less(a, b) {
    for (var i = 0; i < 3; i++) { if (a[i] !== b[i]) { return a[i] < b[i]; } }
    return false;
  }
  function queue() {
    return spans().map(function (s) { return s.getAttribute("data-id"); })
      .filter(function (id) { return key(id) !== null; })
      .sort(function (a, b) { return less(key(a), key(b)) ? -1 : (less(key(b), key(a)) ? 1 : 0); });
  }
  function step(forward) {
    var q = queue();
    if (!q.length) { say("Nothing left to review in this article."); return; }
    var pick = null;
    if (cursor === null) { pick = forward ? q[0] : q[q.length - 1]; }
    else if (forward) {
      for (var i = 0; i < q.length; i++) { if (less(cursor, key(q[i]))) { pick = q[i]; break; } }
    } else {
      for (var j = q.length - 1; j >= 0; j--) { if (less(key(q[j]), cursor)) { pick = q[j]; break; } }
    }
    if (pick === null) { say(forward ? "End of the review list." : "Start of the review list."); return; }
    cursor = key(pick);  // only j and k move along the review list; a click does not
    open(pick, false);
  }
  function paint(span) {
    var e = entryOf(span.getAttribute("data-id"));
    if (!e) { return; }
    var low = e.confidence !== null && e.confidence < data.low_confidence;
    span.className = "s st-" + e.state + (low ? " low" : "") +
      (current === span.getAttribute("data-id") ? " current" : "");
    span.textContent = e.msgstr || $("src" + span.getAttribute("data-id")).textContent;
    span.title = labels[e.state] || e.state;
  }
  function list(node, items) {
    node.textContent = "";
    items.forEach(function (item) { var li = document.createElement("li"); li.textContent = item; node.appendChild(li); });
  }
  function row(name, shown) { $(name).hidden = !shown; }
  function fill(id, keepText) {
    var e = entryOf(id);
    $("ed-num").textContent = id;
    $("ed-state").textContent = labels[e.state] || e.state;
    $("ed-source").textContent = e.msgid;
    if (!keepText) { text.value = e.msgstr; comment.value = e.comment; editBase = e.base; }
    $("ed-mt").textContent = e.mt || ""; row("ed-mt-row", !!e.mt);
    $("ed-conf").textContent = e.confidence === null ? "" : e.confidence + " / 100";
    row("ed-conf-row", e.confidence !== null);
    list($("ed-terms"), e.terms); row("ed-terms-row", e.terms.length > 0);
    list($("ed-qa"), e.qa); row("ed-qa-row", e.qa.length > 0);
    $("ed-prev").textContent = e.previous || ""; row("ed-prev-row", !!e.previous);
    $("ed-conflict").hidden = true;
  }
  function open(id, focusText) {
    var span = $("seg" + id);
    if (!span || !entryOf(id)) { say("This sentence is not in the PO file yet: run diptych translate."); return; }
    var old = current && $("seg" + current);
    current = String(id);
    if (old) { paint(old); }
    paint(span);
    span.closest(".row").after(editor);
    fill(id, false);
    editor.hidden = false;
    span.scrollIntoView({block: "nearest"});
    (focusText ? text : span).focus();
  }
  function close() {
    if (!current) { return; }
    var span = $("seg" + current);
    editor.hidden = true;
    current = null;
    if (span) { paint(span); span.focus(); }
  }
  function dirty() {
    var e = current && entryOf(current);
    return !!e && (text.value !== e.msgstr || comment.value !== e.comment);
  }
  function post(id, change, remember, done) {
    var e = entryOf(id);
    if (busy) { say("Still saving…"); return; }
    busy = true;
    var base = change.base || (current === String(id) ? editBase : e.base);
    var body = {msgid: e.msgid, base: base, msgstr: change.msgstr,
      fuzzy: change.fuzzy, comment: change.comment};
    fetch(saveUrl, {method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify(body), credentials: "same-origin"})
      .then(function (r) { return r.json().then(function (d) { return {status: r.status, d: d}; }); })
      .then(function (res) {
        busy = false;
        if (res.status === 409) { conflict(id, res.d, change); return; }
        if (res.status !== 200) { say("Not saved: " + (res.d.error || res.status)); return; }
        if (remember) { undo.push({id: id, msgstr: e.msgstr, fuzzy: e.fuzzy, comment: e.comment}); }
        data.entries[e.msgid] = res.d.entry;
        spans().forEach(function (s) { if (data.segments[s.getAttribute("data-id")] === e.msgid) { paint(s); } });
        if (current === String(id)) { fill(id, false); }
        refresh().then(function () { say(done); });
      })
      .catch(function () { busy = false; say("Not saved: the server did not answer."); });
  }
  function conflict(id, d, change) {
    if (current !== String(id)) { open(id, true); text.value = change.msgstr; }
    $("ed-conflict").hidden = false;
    $("ed-conflict-msg").textContent = d.message;
    $("ed-theirs").textContent = d.theirs ? d.theirs.msgstr : "(this sentence is no longer in the PO file)";
    $("ed-yours").textContent = d.yours;
    $("ed-keep-mine").onclick = function () {
      if (!d.theirs) { return; }
      post(id, {base: d.theirs.base, msgstr: change.msgstr, fuzzy: change.fuzzy, comment: change.comment}, true, "Saved your version.");
    };
    $("ed-take-theirs").onclick = function () {
      if (d.theirs) { data.entries[d.theirs.msgid] = d.theirs; }
      fill(id, false);
      spans().forEach(paint);
      say("Took the version on disk.");
      text.focus();
    };
    say("Conflict: this sentence changed on disk.");
    $("ed-keep-mine").focus();
  }
  function approve(id) {
    var open_ = current === String(id);
    var e = entryOf(id);
    var value = open_ ? text.value : e.msgstr;
    if (!value.trim()) { say("Nothing to approve: the translation is empty."); return; }
    post(id, {msgstr: value, fuzzy: false, comment: open_ ? comment.value : e.comment}, true, "Approved.");
  }
  function sendBack(id) {
    post(id, {msgstr: text.value, fuzzy: true, comment: comment.value}, true, "Saved as a draft, back in review.");
  }
  function undoLast() {
    var last = undo.pop();
    if (!last) { say("Nothing to undo."); return; }
    post(last.id, {msgstr: last.msgstr, fuzzy: last.fuzzy, comment: last.comment}, false, "Undone.");
  }
  function refresh() {
    return fetch(entriesUrl, {cache: "no-store"}).then(function (r) { return r.ok ? r.json() : null; }).then(function (d) {
      if (!d) { return; }
      if (Object.keys(d.segments).join() !== Object.keys(data.segments).join()) { location.reload(); return; }
      var keep = dirty();
      data = d;
      version = d.version;
      spans().forEach(paint);
      $("progress").textContent = "Reviewed: " + d.progress;
      if (current) { fill(current, keep); if (keep) { say("The PO file changed on disk; your unsaved text is kept."); } }
    }).catch(function () {});
  }
  setInterval(function () {
    fetch(pollUrl, {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (d) {
      if (d.version !== version && !busy) { version = d.version; refresh(); }
    }).catch(function () {});
  }, 2000);

  document.addEventListener("click", function (event) {
    var span = event.target.closest && event.target.closest(".tgt .s[data-id]");
    if (span) { open(span.getAttribute("data-id"), true); }
  });
  $("ed-approve").addEventListener("click", function () { approve(current); });
  $("ed-back").addEventListener("click", function () { sendBack(current); });
  $("ed-close").addEventListener("click", close);
  document.addEventListener("focusin", function (event) {
    document.querySelectorAll(".s.pair").forEach(function (s) { s.classList.remove("pair"); });
    var id = event.target.getAttribute && event.target.getAttribute("data-id");
    if (id && $("src" + id)) { $("src" + id).classList.add("pair"); }
  });
  document.addEventListener("keydown", function (event) {
    var inEditor = event.target.tagName === "TEXTAREA";
    if (event.key === "Escape") { close(); event.preventDefault(); return; }
    if (inEditor) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { approve(current); event.preventDefault(); }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || event.target.tagName === "BUTTON" && event.key === "Enter") { return; }
    var focused = event.target.getAttribute && event.target.getAttribute("data-id");
    var id = focused || current;
    if (event.key === "j") { step(true); }
    else if (event.key === "k") { step(false); }
    else if ((event.key === "e" || event.key === "Enter" || event.key === " " && focused) && id) { open(id, true); }
    else if (event.key === "a" && id) { approve(id); }
    else if (event.key === "u") { undoLast(); }
    else { return; }
    event.preventDefault();
  });
})();
