// Counts the speaking time down between two refreshes of the page or fragment. The server
// says how many seconds were left when it answered (data-remaining); without this script the
// figure simply refreshes with the page.
(function () {
  "use strict";
  var started = Date.now();
  function tick() {
    var elapsed = Math.floor((Date.now() - started) / 1000);
    document.querySelectorAll(".timer[data-remaining]").forEach(function (el) {
      var left = parseInt(el.getAttribute("data-remaining"), 10) - elapsed;
      if (isNaN(left)) { return; }
      var sign = left < 0 ? "−" : "";
      var abs = Math.abs(left);
      el.textContent = sign + Math.floor(abs / 60) + ":" + String(abs % 60).padStart(2, "0");
      el.classList.toggle("overtime", left < 0);
    });
  }
  document.addEventListener("htmx:afterSwap", function () { started = Date.now(); tick(); });
  document.addEventListener("DOMContentLoaded", tick);
  setInterval(tick, 1000);
})();
