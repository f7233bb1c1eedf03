// Live updates: when the session moves on, the page reloads itself (a note being typed is never lost:
// the page only says it moved on). Without JavaScript, reloading the page does the same.
// A station keeper's texts are saved one field at a time, a moment after typing stops and when a field
// is left; when the round moves on, unsaved texts are saved before the page reloads (if that fails,
// the page stays and only says it moved on).
// The countdown of the shared screen runs on every phone: the page counts it down by itself, and the
// server says when the facilitator paused, extended or skipped it, or the round's time ran out.
(function () {
  "use strict";
  var main = document.getElementById("main");
  var station = setupStation(document.getElementById("station-form"));
  var clock = setupClock(document.getElementById("clock"));
  // A tap while the app is down (restarting after a crash) keeps this page and says it is reconnecting,
  // instead of the browser's own error page: the form is sent again every few seconds until the app
  // answers, then the page shows the answer (as after any post). Links wait for the app the same way.
  var down = document.getElementById("live");
  function waiting() { if (down) { down.hidden = false; } }
  if (window.fetch && window.FormData && window.URLSearchParams) {
    Array.prototype.forEach.call(document.querySelectorAll("form[method=post]"), function (form) {
      if (form.id === "station-form") { return; }  // it saves field by field, and says so itself
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        var body = new URLSearchParams(new FormData(form));
        var button = event.submitter;
        if (button && button.name) { body.append(button.name, button.value); }
        (function send() {
          fetch(form.action, { method: "POST", body: body, credentials: "same-origin" }).then(function (response) {
            if (response.redirected) { window.location.replace(response.url); return; }
            return response.text().then(function (html) { document.open(); document.write(html); document.close(); });
          }).catch(function () { waiting(); setTimeout(send, 2000); });
        })();
      });
    });
    Array.prototype.forEach.call(document.querySelectorAll("a[href]"), function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        (function go() {
          fetch(link.href, { method: "HEAD", credentials: "same-origin" }).then(function () {
            window.location.href = link.href;
          }).catch(function () { waiting(); setTimeout(go, 2000); });
        })();
      });
    });
  }
  if (!main || !window.EventSource || !main.getAttribute("data-events")) { return; }
  var stage = main.getAttribute("data-stage");
  var live = document.getElementById("live");
  var source = new EventSource(main.getAttribute("data-events"));
  source.addEventListener("clock", function (event) {
    if (clock) { clock.set(JSON.parse(event.data)); }
  });
  source.onopen = function () { if (live) { live.hidden = true; } };
  source.onerror = function () { if (live) { live.hidden = false; } };
  source.onmessage = function (event) {
    if (live) { live.hidden = true; }
    if (event.data === stage) { return; }
    if (event.data.indexOf("done-") === 0 && main.getAttribute("data-done")) {
      // A story session is over and its server about to stop: say so here instead of reloading.
      // (A station rotation's server stays open after its last round: its pages reload as usual.)
      source.close();
      var done = document.createElement("h1");
      done.textContent = main.getAttribute("data-done");
      main.replaceChildren(done);
      return;
    }
    var stale = document.getElementById("stale");
    if (station) {
      station.saveAll().then(function (ok) {
        if (ok) {
          source.close();
          window.location.replace(window.location.pathname);
        } else if (stale) { stale.hidden = false; }
      });
      return;
    }
    var note = document.getElementById("note");
    var reply = document.getElementById("reply");  // an own reply typed and not sent (or changed since) is kept
    if ((note && note.value.trim()) || (reply && reply.value.trim() !== (reply.getAttribute("data-sent") || "").trim())) {
      if (stale) { stale.hidden = false; }
      return;
    }
    source.close();
    window.location.replace(window.location.pathname);
  };

  function setupClock(digits) {
    if (!digits) { return null; }
    var box = document.getElementById("clock-box");
    var paused = document.getElementById("clock-paused");
    var up = document.getElementById("time-up");
    var left = 0, ends = null, told = false, signalled = false;
    function now() { return Date.now() / 1000; }
    function text(seconds) {
      var whole = Math.ceil(Math.max(0, seconds));
      var s = whole % 60;
      return Math.floor(whole / 60) + ":" + (s < 10 ? "0" : "") + s;
    }
    function draw() {
      var remaining = ends === null ? left : Math.max(0, ends - now());
      var over = told || remaining <= 0;
      digits.textContent = text(remaining);
      if (box) { box.classList.toggle("up", over); }
      if (paused) { paused.hidden = ends !== null || over; }
      if (up) { up.hidden = !over; }
      if (over && !signalled && navigator.vibrate) { navigator.vibrate([300, 150, 300]); }
      signalled = over;
    }
    function set(clock) {
      left = clock.remaining;
      ends = clock.running ? now() + clock.remaining : null;
      told = clock.up;
      draw();
    }
    set({
      remaining: parseFloat(digits.getAttribute("data-remaining")),
      running: digits.getAttribute("data-running") === "true",
      up: digits.getAttribute("data-up") === "true"
    });
    signalled = told;  // a page opened after the time ran out does not buzz again
    setInterval(draw, 250);
    return { set: set };
  }

  function setupStation(form) {
    if (!form || !window.fetch || !window.URLSearchParams) { return null; }
    var state = document.getElementById("save-state");
    var fields = Array.prototype.slice.call(form.querySelectorAll("textarea"));
    var saved = {};
    var timers = {};
    fields.forEach(function (field) {
      saved[field.name] = field.value;
      field.addEventListener("input", function () {
        clearTimeout(timers[field.name]);
        timers[field.name] = setTimeout(function () { save(field); }, 1200);
      });
      field.addEventListener("blur", function () { save(field); });
    });
    function hidden(name) { return form.querySelector('input[name="' + name + '"]').value; }
    function say(key) { if (state) { state.textContent = form.getAttribute("data-" + key); } }
    function plain(text) { return text.replace(/\r\n/g, "\n").trim(); }
    function kept(field, sent, answer) {
      // The server keeps both texts when the facilitator wrote in the same field: show them, and who wrote.
      var back = answer && answer.fields && answer.fields[field.name];
      if (!back) { saved[field.name] = sent; return; }
      var also = document.getElementById("also-" + field.name);
      if (also) { also.textContent = back.also; also.hidden = !back.also; }
      if (back.text === plain(sent)) { saved[field.name] = sent; }
      else if (field.value === sent) { field.value = back.text; saved[field.name] = back.text; }
      // else: typed on since; the next save says what it last saw, so the facilitator's lines stay.
      var base = form.querySelector('input[name="base-' + field.name + '"]');
      if (base) { base.value = saved[field.name]; }
    }
    function save(field) {
      clearTimeout(timers[field.name]);
      var text = field.value;
      if (text === saved[field.name]) { return Promise.resolve(true); }
      var body = new URLSearchParams();
      ["form", "station", "role"].forEach(function (name) { body.append(name, hidden(name)); });
      body.append("base-" + field.name, saved[field.name]);
      body.append(field.name, text);
      say("saving");
      return fetch(form.action, {
        method: "POST", body: body, credentials: "same-origin", headers: { "X-Requested-With": "fetch" }
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      }).then(function (answer) {
        kept(field, text, answer);
        say(fields.every(function (f) { return f.value === saved[f.name]; }) ? "saved" : "saving");
        return true;
      }).catch(function () {
        say("unsaved");
        timers[field.name] = setTimeout(function () { save(field); }, 5000);
        return false;
      });
    }
    function saveAll() {
      return Promise.all(fields.map(save)).then(function (results) {
        return results.every(function (ok) { return ok; });
      });
    }
    var role = document.getElementById("role");
    var show = document.getElementById("show-role");
    if (role && show) {
      show.hidden = true;
      role.addEventListener("change", function () {
        saveAll().then(function (ok) { if (ok) { role.form.submit(); } });
      });
    }
    return { saveAll: saveAll };
  }
})();
