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
})();
