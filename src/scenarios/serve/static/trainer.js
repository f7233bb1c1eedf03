// The trainer's page around textual-serve's terminal (textual.js, loaded after this script).
//
// The page closes its websocket as soon as it is left (pagehide: the trainee navigated away, went back,
// closed the tab, or the browser put the page in its back/forward cache; freeze: the browser froze a
// background tab), so the server ends the trainee's app process at once instead of keeping it for a page
// that may never come back. A page shown again (from the cache, or thawed) reloads itself: a new app
// process, where the trainer offers to continue the unfinished story. While it is open, the page tells
// the server every few seconds that it is alive and whether it is visible; the server ends sessions whose
// page went silent or stayed hidden too long (their close code says so, and the page reloads when seen).
// A session the server would not start (too many at once) sends the page to the server's page saying why.
(function () {
  "use strict";
  var ABANDONED = 4001; // the server ended the session: its page was silent or hidden too long
  var REFUSED = 4003; // the server would not start one more session: its page says why
  var NativeWebSocket = window.WebSocket;
  var socket = null;
  var left = false;
  var reloadWhenSeen = false;

  function reload() {
    window.location.reload();
  }

  function tell() {
    if (socket && socket.readyState === NativeWebSocket.OPEN) {
      socket.send(JSON.stringify(["alive", !document.hidden]));
    }
  }

  function closed(event) {
    if (left) {
      return;
    }
    if (event.code === REFUSED) {
      window.location.replace("/refused/" + encodeURIComponent(event.reason));
    } else if (event.code === ABANDONED) {
      if (document.hidden) {
        reloadWhenSeen = true;
      } else {
        reload();
      }
    }
  }

  function leave() {
    left = true;
    document.body.classList.add("-left");
    if (socket && socket.readyState <= NativeWebSocket.OPEN) {
      socket.close(1000, "page left");
    }
  }

  // textual.js opens the page's one websocket: keep hold of it.
  window.WebSocket = class extends NativeWebSocket {
    constructor(...args) {
      super(...args);
      socket = this;
      this.addEventListener("open", tell);
      this.addEventListener("close", closed);
    }
  };

  window.addEventListener("pagehide", leave);
  document.addEventListener("freeze", leave);
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      reload();
    }
  });
  document.addEventListener("resume", function () {
    if (left) {
      reload();
    }
  });
  document.addEventListener("visibilitychange", function () {
    tell();
    if (!document.hidden && reloadWhenSeen) {
      reload();
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var seconds = Number(document.getElementById("terminal").dataset.aliveSeconds) || 15;
    window.setInterval(tell, seconds * 1000);
    document.getElementById("restart").addEventListener("click", reload);
  });
})();
