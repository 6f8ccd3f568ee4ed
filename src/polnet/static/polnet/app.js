// Progressive enhancements; every page works without this file.
(function () {
  "use strict";

  // Hide an unattended page once the session's idle limit has passed. The timestamp is
  // shared by all tabs, so an officer working in one tab keeps the others open.
  var KEY = "polnet-last-activity";
  var idle = parseInt(document.body.getAttribute("data-idle-seconds") || "0", 10);
  function touch() {
    try { localStorage.setItem(KEY, String(Date.now())); } catch (e) { /* storage off */ }
  }
  function lastActivity() {
    try { return parseInt(localStorage.getItem(KEY) || "0", 10); } catch (e) { return 0; }
  }
  if (idle > 0) {
    touch();
    // What a page asks for by itself (new hits, a list's progress) is not the officer's activity.
    document.body.addEventListener("htmx:afterRequest", function (event) {
      var elt = event.detail && event.detail.elt;
      if (!(elt && elt.closest && elt.closest("[data-background]"))) { touch(); }
    });
    window.setInterval(function () {
      if (Date.now() - Math.max(lastActivity(), 0) > idle * 1000) {
        var next = encodeURIComponent(location.pathname + location.search);
        location.assign("/login/?expired=1&next=" + next);
      }
    }, Math.min(15000, idle * 500));
  }

  // A form inside [data-swap-errors] answers a refusal or invalid input with the form and its
  // errors: show it, as a page without JavaScript would. The event's `elt` is the target of
  // the swap, which may lie elsewhere (the check form answers into #check-result): the form
  // that asked, or the target, decides.
  function swapsErrors(elt) {
    return !!(elt && elt.closest && elt.closest("[data-swap-errors]"));
  }
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    var source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if ([400, 403, 404, 409, 422].indexOf(status) !== -1 && (swapsErrors(source) || swapsErrors(event.detail.elt))) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // Ask before an action that cannot be undone (revoking a token, resetting a second factor).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });

  // Restriction editor: find countries by name or code; countries matter only when restricted.
  function setUpPicker(picker) {
    var filter = picker.querySelector("[data-country-filter]");
    var count = picker.querySelector("[data-country-count]");
    var items = picker.querySelectorAll("li[data-name]");
    var fieldset = picker.closest("fieldset");
    function recount() {
      if (count) { count.textContent = String(picker.querySelectorAll("input:checked").length); }
    }
    function showForMode() {
      var chosen = fieldset && fieldset.querySelector("input[name=restriction]:checked");
      picker.hidden = !!chosen && chosen.value === "all";
    }
    if (filter) {
      filter.addEventListener("input", function () {
        var needle = filter.value.trim().toLowerCase();
        items.forEach(function (li) {
          li.hidden = needle !== "" && li.getAttribute("data-name").indexOf(needle) === -1;
        });
      });
      // Enter in the search box must not submit the whole record.
      filter.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); } });
    }
    picker.addEventListener("change", recount);
    if (fieldset) {
      fieldset.querySelectorAll("input[name=restriction]").forEach(function (radio) {
        radio.addEventListener("change", showForMode);
      });
    }
    showForMode();
  }
  document.querySelectorAll("[data-country-picker]").forEach(setUpPicker);
})();
