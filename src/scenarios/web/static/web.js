// The web trainer's one script: what JavaScript improves on pages that work without it.
//
// - After a choice, the page's verdict (or the story's end) takes the focus and is said in the live
//   region, so a screen reader reads it first and a keyboard goes on from there.
// - On the play page the number keys 1-9 choose an option, as in the terminal; a form is sent once.
// - Own words first: Ctrl+Enter sends the reply written in its box.
// - A call's length and a chat's wait run on, second by second.
// - While a story's page is seen, it tells the server every minute that it is still there, so the story
//   stays open in this browser while the trainee reads.
(function () {
  "use strict";
  var ALIVE_EVERY = 60000;

  function clockText(seconds) {
    var hours = Math.floor(seconds / 3600), minutes = Math.floor((seconds % 3600) / 60), secs = seconds % 60;
    var mm = (hours ? String(minutes).padStart(2, "0") : String(minutes)) + ":" + String(secs).padStart(2, "0");
    return hours ? hours + ":" + mm : mm;
  }

  function focusTarget() {
    var target = document.querySelector("[data-focus]");
    if (target && document.activeElement !== target) {
      target.focus();
    }
    return target;
  }

  function focusAndAnnounce() {
    var target = focusTarget();
    if (!target) {
      return;
    }
    var live = document.getElementById("live");
    if (live && target.hasAttribute("data-announce")) {
      // Filled after load, so assistive technology announces it as a change.
      window.setTimeout(function () { live.textContent = target.textContent.trim(); }, 100);
    }
  }

  function runClocks() {
    var clocks = Array.prototype.slice.call(document.querySelectorAll(".clock[data-running='1']"));
    if (!clocks.length) {
      return;
    }
    var started = Date.now();
    clocks.forEach(function (clock) { clock.dataset.start = clock.dataset.seconds; });
    window.setInterval(function () {
      var passed = Math.floor((Date.now() - started) / 1000);
      clocks.forEach(function (clock) {
        var seconds = Number(clock.dataset.start) + passed;
        clock.textContent = clock.dataset.words.replace("{time}", clockText(seconds));
      });
    }, 1000);
  }

  function numberKeys() {
    var form = document.getElementById("choices");
    if (!form) {
      return;
    }
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || /^(INPUT|SELECT|TEXTAREA)$/.test(event.target.tagName)) {
        return;
      }
      var button = /^[1-9]$/.test(event.key) ? document.getElementById("choice-" + event.key) : null;
      if (button) {
        event.preventDefault();
        button.click();
      }
    });
  }

  function sendOwnReply() {
    // The reply's box keeps Enter for a new line (an email has paragraphs); Ctrl+Enter sends it, as in the terminal.
    var box = document.getElementById("own-reply");
    if (!box) {
      return;
    }
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        box.form.requestSubmit();
      }
    });
  }

  function sendOnce() {
    Array.prototype.forEach.call(document.querySelectorAll("form[method='post']"), function (form) {
      form.addEventListener("submit", function (event) {
        if (form.dataset.sent) {
          event.preventDefault();
          return;
        }
        form.dataset.sent = "1";
      });
    });
  }

  function stayOpen() {
    if (!document.querySelector(".play")) {
      return;
    }
    window.setInterval(function () {
      if (!document.hidden) {
        fetch("/alive", { credentials: "same-origin", cache: "no-store" }).catch(function () {});
      }
    }, ALIVE_EVERY);
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusAndAnnounce();
    // A page opened at a fragment (the verdict's `#verdict`, there for browsers without this script) has the
    // browser move its focus to the fragment after loading: take it back to the verdict's heading.
    if (window.location.hash) {
      window.addEventListener("load", function () { window.setTimeout(focusTarget, 0); });
    }
    runClocks();
    numberKeys();
    sendOwnReply();
    sendOnce();
    stayOpen();
  });
  // A page shown again from the back/forward cache may be out of date: ask for it anew.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      window.location.reload();
    }
  });
})();
