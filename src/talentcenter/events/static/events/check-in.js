/* The check-in page's camera scanner: qr-scanner (vendor/, served from this site) reads a ticket's
   QR code, puts what it read in the code field and posts the form, as if it had been typed. Without
   JavaScript, a camera or the permission to use it, the page stays a form for typed codes. After
   a check-in the page reloads; a scan started before goes on by itself (sessionStorage). */
(function () {
  "use strict";
  var section = document.querySelector("[data-check-in-scanner]");
  var form = document.querySelector("form.check-in-form");
  if (!section || !form || typeof window.QrScanner === "undefined") return;
  var input = form.querySelector("input[name='code']");
  var video = section.querySelector("[data-scan-video]");
  var start = section.querySelector("[data-scan-start]");
  var stop = section.querySelector("[data-scan-stop]");
  var status = section.querySelector("[data-scan-status]");
  var KEY = "talentcenter.check-in.scanning";
  var scanner = null;

  function say(text) { status.textContent = text; }

  function remember(on) {
    try {
      if (on) { window.sessionStorage.setItem(KEY, "1"); } else { window.sessionStorage.removeItem(KEY); }
    } catch (ignored) { /* private mode: no memory, no harm */ }
  }

  function wasScanning() {
    try { return window.sessionStorage.getItem(KEY) === "1"; } catch (ignored) { return false; }
  }

  function stopScanning() {
    if (scanner) scanner.stop();
    video.hidden = true;
    stop.hidden = true;
    start.hidden = false;
  }

  function found(result) {
    stopScanning();
    input.value = typeof result === "string" ? result : result.data;
    say(section.getAttribute("data-found"));
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  }

  function startScanning() {
    if (!scanner) {
      scanner = new window.QrScanner(video, found, {
        returnDetailedScanResult: true,
        preferredCamera: "environment",
        maxScansPerSecond: 10
      });
    }
    video.hidden = false;
    scanner.start().then(function () {
      start.hidden = true;
      stop.hidden = false;
      remember(true);
      say(section.getAttribute("data-pointing"));
    }).catch(function () {
      stopScanning();
      remember(false);
      say(section.getAttribute("data-failed"));
    });
  }

  start.addEventListener("click", startScanning);
  stop.addEventListener("click", function () { stopScanning(); remember(false); say(""); });

  window.QrScanner.hasCamera().then(function (hasCamera) {
    if (!hasCamera) return;
    section.hidden = false;
    if (wasScanning()) startScanning();
  });
})();
