// The attendance roll of a meeting (orglife): keeps the counts at the top in step with the
// names tapped present / excused / absent, and moves to the reason when someone is excused.
// The form works without it: the counts are then those the page was sent with.
(function () {
  "use strict";

  function update(form) {
    var counts = { present: 0, excused: 0, absent: 0 };
    form.querySelectorAll(".attendance-toggle input[type=radio]:checked").forEach(function (input) {
      counts[input.value] = (counts[input.value] || 0) + 1;
    });
    Object.keys(counts).forEach(function (key) {
      var target = form.querySelector('[data-count="' + key + '"]');
      if (target) target.textContent = counts[key];
    });
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(".attendance-toggle input[type=radio]")) return;
    var form = input.closest("form");
    update(form);
    if (input.value === "excused") {
      var reason = input.closest(".attendance-row").querySelector(".attendance-reason input");
      if (reason && !reason.value) reason.focus({ preventScroll: true });
    }
  });
})();
