// Online events: show each <time data-local> in the viewer's own time zone and language.
// The server wrote the time in Korea time; without JavaScript that text stays.
(function () {
  "use strict";
  function rewrite() {
    var language = document.documentElement.lang || undefined;
    var elements = document.querySelectorAll("time[data-local]");
    if (!elements.length || typeof Intl === "undefined" || !Intl.DateTimeFormat) {
      return;
    }
    var format = new Intl.DateTimeFormat(language, {
      weekday: "short",
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "short"
    });
    for (var index = 0; index < elements.length; index += 1) {
      var element = elements[index];
      var moment = new Date(element.getAttribute("datetime"));
      if (!isNaN(moment.getTime())) {
        element.textContent = format.format(moment);
        element.setAttribute("data-local-done", "");
      }
    }
    var notes = document.querySelectorAll("[data-local-note]");
    for (var other = 0; other < notes.length; other += 1) {
      notes[other].hidden = false;
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", rewrite);
  } else {
    rewrite();
  }
})();
