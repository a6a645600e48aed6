// Solves the signing form's proof of work (ALTCHA, SHA-256) with Web Crypto and puts the
// solution into the hidden field "pow". Without this script the form still works: the server
// then applies a stricter per-network limit.
(function () {
  "use strict";
  var form = document.querySelector("form.petition-sign");
  if (!form || !window.crypto || !window.crypto.subtle || !window.fetch) {
    return;
  }
  var field = form.querySelector("input[name=pow]");
  var status = form.querySelector(".pow-status");
  var solution = null;
  var waiting = false;

  function hex(buffer) {
    var bytes = new Uint8Array(buffer);
    var out = "";
    for (var i = 0; i < bytes.length; i++) {
      out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    }
    return out;
  }

  function solve(challenge) {
    var encoder = new TextEncoder();
    var salt = challenge.salt;
    var max = challenge.maxNumber || challenge.maxnumber || 1000000;
    var chunk = 500;
    function step(start) {
      if (start > max) {
        return Promise.resolve(null);
      }
      var jobs = [];
      for (var n = start; n < start + chunk && n <= max; n++) {
        jobs.push(crypto.subtle.digest("SHA-256", encoder.encode(salt + n)));
      }
      return Promise.all(jobs).then(function (hashes) {
        for (var i = 0; i < hashes.length; i++) {
          if (hex(hashes[i]) === challenge.challenge) {
            return start + i;
          }
        }
        return step(start + chunk);
      });
    }
    return step(0);
  }

  function start() {
    return fetch(form.getAttribute("data-challenge-url"), { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (challenge) {
        return solve(challenge).then(function (number) {
          if (number === null) {
            return null;
          }
          return btoa(JSON.stringify({
            algorithm: challenge.algorithm,
            challenge: challenge.challenge,
            number: number,
            salt: challenge.salt,
            signature: challenge.signature
          }));
        });
      })
      .catch(function () { return null; });
  }

  var pending = start().then(function (payload) {
    solution = payload;
    if (payload && field) {
      field.value = payload;
      form.setAttribute("data-pow", "solved");
    }
    return payload;
  });

  form.addEventListener("submit", function (event) {
    if (solution !== null || waiting) {
      return;
    }
    event.preventDefault();
    waiting = true;
    if (status) {
      status.hidden = false;
      status.textContent = form.getAttribute("data-wait") || "…";
    }
    pending.then(function () { form.submit(); });
  });
})();
