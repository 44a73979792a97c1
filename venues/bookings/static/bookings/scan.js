// The day sheet's camera check-in. The decoder (jsQR, vendored from npm) is loaded only
// when the camera is asked for, so every phone (iOS Safari and WeChat included, which have
// no BarcodeDetector) reads the group's QR; a scanned code fills the form, staff confirm.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  var button = document.getElementById("scan");
  if (!button) return;
  var box = document.getElementById("scanner");
  var video = box.querySelector("video");
  var status = document.getElementById("scan-status");
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    button.hidden = true;
    return;
  }
  function loadDecoder() {
    if (window.jsQR) return Promise.resolve(window.jsQR);
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = button.dataset.decoder;
      script.onload = function () { resolve(window.jsQR); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  }
  button.addEventListener("click", function () {
    var canvas = document.createElement("canvas");
    var context = canvas.getContext("2d", { willReadFrequently: true });
    Promise.all([
      loadDecoder(),
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false }),
    ]).then(function (both) {
      var decode = both[0], stream = both[1];
      box.hidden = false;
      status.textContent = button.dataset.looking || "…";
      video.srcObject = stream;
      video.play();
      var stop = function () { stream.getTracks().forEach(function (t) { t.stop(); }); box.hidden = true; };
      var tick = function () {
        if (video.readyState >= 2 && video.videoWidth) {
          canvas.width = video.videoWidth;
          canvas.height = video.videoHeight;
          context.drawImage(video, 0, 0, canvas.width, canvas.height);
          var pixels = context.getImageData(0, 0, canvas.width, canvas.height);
          var found = decode(pixels.data, pixels.width, pixels.height, { inversionAttempts: "dontInvert" });
          if (found && found.data) {
            stop();
            var code = found.data.trim().toUpperCase();
            document.getElementById("id_code").value = code;
            var card = document.getElementById("b-" + code);
            if (card) card.scrollIntoView({ block: "center" });
            document.getElementById("id_attended").focus();
            return;
          }
        }
        requestAnimationFrame(tick);
      };
      tick();
    }).catch(function () { box.hidden = true; });
  });
})();
