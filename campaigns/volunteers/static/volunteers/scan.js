// Scan a volunteer's QR code with the phone camera where the browser can (BarcodeDetector);
// everywhere else the form's code field works the same without this script.
(function () {
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) return;
  var box = document.querySelector(".vol-scan");
  var video = document.querySelector("[data-scan-video]");
  var form = document.getElementById("code-form");
  if (!box || !video || !form) return;
  box.hidden = false;
  document.querySelector("[data-scan-start]").addEventListener("click", function () {
    var detector = new BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      var tick = function () {
        detector.detect(video).then(function (codes) {
          if (codes.length) {
            stream.getTracks().forEach(function (t) { t.stop(); });
            form.querySelector("[name=code]").value = codes[0].rawValue;
            form.submit();
          } else {
            requestAnimationFrame(tick);
          }
        }).catch(function () { requestAnimationFrame(tick); });
      };
      tick();
    });
  });
})();
