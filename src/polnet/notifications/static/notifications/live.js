// The live feed of a signed-in page: one event stream per page (see docs/live.md). Each event
// becomes a DOM event on <body>, "polnet:notification" or "polnet:hit", so that any part of a
// page refreshes itself with hx-trigger="polnet:notification from:body". Pages still work
// without it: the parts that matter also poll, slowly.
(function () {
  "use strict";
  var url = document.body.getAttribute("data-live-stream");
  if (!url || !window.EventSource) { return; }
  var source = new EventSource(url);  // reconnects by itself, sending Last-Event-ID
  function relay(name) {
    source.addEventListener(name, function (message) {
      var detail = {};
      try { detail = JSON.parse(message.data); } catch (e) { /* an event without data */ }
      document.body.dispatchEvent(new CustomEvent("polnet:" + name, { detail: detail }));
    });
  }
  relay("notification");
  relay("hit");
  source.addEventListener("open", function () { document.body.setAttribute("data-live", "open"); });
  source.addEventListener("error", function () {
    document.body.removeAttribute("data-live");
    // Signed out (the stream answered 401 or 403): the browser gives up, and so do we.
    if (source.readyState === EventSource.CLOSED) { source.close(); }
  });
  window.addEventListener("pagehide", function () { source.close(); });
})();
