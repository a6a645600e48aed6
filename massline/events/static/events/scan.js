// Optional camera scanning on the check-in page. Without JavaScript, or in a browser without
// the BarcodeDetector API, the steward types the code or pastes what a scanner app read.
(function () {
  "use strict";
  var form = document.querySelector("form.checkin-code");
  if (!form || !("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return;
  }
  var input = form.querySelector("input[name=code]");
  var button = document.createElement("button");
  button.type = "button";
  button.className = "secondary";
  button.textContent = form.dataset.scanLabel;
  var video = document.createElement("video");
  video.setAttribute("playsinline", "");
  video.setAttribute("muted", "");
  video.className = "scan-video";
  video.hidden = true;
  form.appendChild(button);
  form.appendChild(video);
  var stream = null;
  var detector = new window.BarcodeDetector({ formats: ["qr_code"] });

  function stop() {
    if (stream) {
      stream.getTracks().forEach(function (track) { track.stop(); });
    }
    stream = null;
    video.hidden = true;
    button.textContent = form.dataset.scanLabel;
  }

  function look() {
    if (!stream) {
      return;
    }
    detector.detect(video).then(function (codes) {
      if (codes.length) {
        input.value = codes[0].rawValue;
        stop();
        form.submit();
      } else {
        window.requestAnimationFrame(look);
      }
    }).catch(function () { window.requestAnimationFrame(look); });
  }

  button.addEventListener("click", function () {
    if (stream) {
      stop();
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        video.hidden = false;
        button.textContent = form.dataset.stopLabel;
        return video.play();
      })
      .then(look)
      .catch(stop);
  });
}());
