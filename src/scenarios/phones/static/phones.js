// Live updates: when the session moves on, the page reloads itself (a note being typed is never lost:
// the page only says it moved on). Without JavaScript, reloading the page does the same.
(function () {
  "use strict";
  var main = document.getElementById("main");
  if (!main || !window.EventSource || !main.getAttribute("data-events")) { return; }
  var stage = main.getAttribute("data-stage");
  var live = document.getElementById("live");
  var source = new EventSource(main.getAttribute("data-events"));
  source.onopen = function () { if (live) { live.hidden = true; } };
  source.onerror = function () { if (live) { live.hidden = false; } };
  source.onmessage = function (event) {
    if (live) { live.hidden = true; }
    if (event.data === stage) { return; }
    if (event.data.indexOf("done-") === 0) {
      // The session is over and its server about to stop: say so here instead of reloading.
      source.close();
      var done = document.createElement("h1");
      done.textContent = main.getAttribute("data-done");
      main.replaceChildren(done);
      return;
    }
    var note = document.getElementById("note");
    if (note && note.value.trim()) {
      var stale = document.getElementById("stale");
      if (stale) { stale.hidden = false; }
      return;
    }
    source.close();
    window.location.replace(window.location.pathname);
  };
})();
