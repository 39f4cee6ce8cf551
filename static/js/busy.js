// A button marked data-busy ("正在生成…") says so while the file it asks for is written: the
// member export takes seconds. The button is not disabled (a disabled submitter may not submit),
// only marked; it reads as before when the page is shown again or after a while, since a
// download leaves the page where it is and tells it nothing.
(function () {
  "use strict";
  var RESET_AFTER_MS = 15000;

  function mark(button) {
    if (button.classList.contains("disabled")) return;
    var label = button.innerHTML;
    button.classList.add("disabled");
    button.setAttribute("aria-disabled", "true");
    button.setAttribute("aria-busy", "true");
    var spinner = document.createElement("span");
    spinner.className = "spinner-border spinner-border-sm me-1";
    spinner.setAttribute("aria-hidden", "true");
    button.textContent = button.dataset.busy;
    button.prepend(spinner);
    function reset() {
      button.innerHTML = label;
      button.classList.remove("disabled");
      button.removeAttribute("aria-disabled");
      button.removeAttribute("aria-busy");
    }
    window.setTimeout(reset, RESET_AFTER_MS);
    window.addEventListener("pageshow", reset, { once: true });
  }

  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (button && button.dataset.busy) mark(button);
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-busy]");
    if (link) mark(link);
  });
})();
