// The print button of the notice page (no inline scripts: the content-security policy forbids them).
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest(".print-button")) {
    window.print();
  }
});
