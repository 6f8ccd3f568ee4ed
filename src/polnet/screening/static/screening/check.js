// The border check page (no inline scripts: the content-security policy forbids them).
(function () {
  "use strict";

  // A document reader types the machine-readable zone like a keyboard, line by line. Once a
  // whole zone is in (2 x 36, 2 x 44 or 3 x 30 characters) and the reader has ended the last
  // line, or the zone was pasted, the check starts by itself.
  var LENGTHS = [72, 88, 90];
  function complete(text) {
    return LENGTHS.indexOf(text.replace(/\s+/g, "").length) !== -1;
  }
  document.addEventListener("input", function (event) {
    var field = event.target;
    if (!(field instanceof HTMLTextAreaElement) || !field.hasAttribute("data-mrz")) { return; }
    var ended = /\n$/.test(field.value) || event.inputType === "insertFromPaste";
    if (ended && complete(field.value) && field.form && !field.form.classList.contains("htmx-request")) {
      field.form.requestSubmit();
    }
  });

  function result() { return document.getElementById("check-result"); }
  function checkForm() { return document.querySelector("#check-form form.check-form"); }

  // The answer comes into view from its top, whatever the screen: htmx has focused its heading
  // (autofocus), which scrolls only as far as the heading's last line.
  document.body.addEventListener("htmx:afterSettle", function (event) {
    var area = result();
    if (event.target !== area) { return; }
    var focused = document.activeElement;
    var head = area.querySelector("#result-h, [role=alert][tabindex]");
    var target = head || (focused && focused.closest && focused.closest("#check-form") ? focused : null);
    if (target) {
      (head ? area : target.closest(".field") || target).scrollIntoView({ block: "start" });
      if (document.activeElement !== target) { target.focus({ preventScroll: true }); }
    }
  });

  // A failure that brings no answer (no network, a server error) says so where the answer goes.
  function failed(event) {
    var source = event.detail && event.detail.requestConfig && event.detail.requestConfig.elt;
    var area = result();
    if (!area || !source || !source.closest || !source.closest("#check-form")) { return; }
    var note = document.createElement("p");
    note.className = "alert error";
    note.setAttribute("role", "alert");
    note.setAttribute("tabindex", "-1");
    note.textContent = area.getAttribute("data-failed");
    area.replaceChildren(note);
    note.focus();
  }
  document.body.addEventListener("htmx:responseError", failed);
  document.body.addEventListener("htmx:sendError", failed);

  // The next traveller, one key away (Escape, or the button of the answer): an empty form,
  // the place and the purpose of the check kept, no answer, the first field focused.
  function nextTraveller() {
    var form = checkForm();
    if (!form) { return false; }
    form.querySelectorAll("input, textarea, select").forEach(function (field) {
      if (field.type === "hidden" || field.name === "location" || field.name === "purpose") { return; }
      if (field.tagName === "SELECT") { field.selectedIndex = 0; } else { field.value = ""; }
      field.removeAttribute("aria-invalid");
    });
    form.querySelectorAll(".field-error, .alert.error").forEach(function (e) { e.remove(); });
    form.querySelectorAll(".has-error").forEach(function (e) { e.classList.remove("has-error"); });
    var area = result();
    if (area) { area.replaceChildren(); }
    var first = form.querySelector("input:not([type=hidden]), textarea, select");
    if (first) {
      first.focus({ preventScroll: true });
      (document.getElementById("check-form") || form).scrollIntoView({ block: "start" });
    }
    return true;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-next-traveller]");
    if (link && nextTraveller()) { event.preventDefault(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || event.defaultPrevented || !checkForm()) { return; }
    // Escape inside an outcome being reported leaves it alone: the note would be lost.
    if (event.target.closest && event.target.closest(".outcome-form")) { return; }
    if (nextTraveller()) { event.preventDefault(); }
  });
})();
