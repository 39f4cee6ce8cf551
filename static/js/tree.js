// The organization tree: a row's aria-expanded follows its <details> (no inline scripts: CSP).
(function () {
  "use strict";
  document.addEventListener("toggle", function (event) {
    var details = event.target;
    if (!details.classList || !details.classList.contains("tree-item")) return;
    var summary = details.querySelector(":scope > summary");
    if (summary && summary.hasAttribute("aria-expanded")) {
      summary.setAttribute("aria-expanded", details.open ? "true" : "false");
    }
  }, true);
})();
