// The print button of the notice page (no inline scripts: the content-security policy forbids them).
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest(".print-button")) {
    window.print();
  }
});

// The record picker of the request form: a search lists records (htmx), a result becomes a
// removable chip that carries the record number the form posts. Keyboard: arrows move between
// the search box and the results, Enter or Space picks, Escape goes back to the search box.
(() => {
  const pickerOf = (el) => el.closest("[data-record-picker]");
  const searchOf = (picker) => picker.querySelector("[data-record-search]");
  const results = (picker) => Array.from(picker.querySelectorAll("[data-pick]"));

  function addChip(picker, value, label) {
    const chips = picker.querySelector("[data-chips]");
    const name = picker.getAttribute("data-field");
    const exists = Array.from(chips.querySelectorAll("input")).some((i) => i.value === value);
    if (exists) { return; }
    const li = document.createElement("li");
    li.className = "chip";
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = name;
    input.value = value;
    const text = document.createElement("span");
    text.className = "chip-text";
    text.textContent = label;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "chip-remove";
    remove.setAttribute("data-remove", "");
    remove.setAttribute("aria-label", picker.getAttribute("data-remove-label") + " " + label);
    remove.textContent = "×";
    li.append(input, text, " ", remove);
    chips.append(li);
  }

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const pick = target && target.closest("[data-pick]");
    const remove = target && target.closest("[data-remove]");
    const picker = (pick || remove) && pickerOf(pick || remove);
    if (!picker) { return; }
    if (pick) {
      addChip(picker, pick.getAttribute("data-value"), pick.getAttribute("data-label"));
      pick.setAttribute("aria-pressed", "true");
    } else {
      remove.closest(".chip").remove();
    }
    searchOf(picker).focus();
  });

  document.addEventListener("keydown", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const picker = target && pickerOf(target);
    if (!picker) { return; }
    const search = searchOf(picker);
    const list = results(picker);
    const at = list.indexOf(target);
    if (target === search && event.key === "Enter") {
      event.preventDefault(); // Enter searches; it must not send the whole request
      search.dispatchEvent(new Event("search"));
    } else if (event.key === "ArrowDown" && (target === search || at !== -1)) {
      event.preventDefault();
      if (list[at + 1]) { list[at + 1].focus(); }
    } else if (event.key === "ArrowUp" && at !== -1) {
      event.preventDefault();
      (at > 0 ? list[at - 1] : search).focus();
    } else if (event.key === "Escape" && at !== -1) {
      search.focus();
    }
  });
})();
