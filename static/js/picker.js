// The type-ahead picker (core.widgets.PickerWidget): what is typed goes to the app's search
// endpoint through HTMX, which answers the options as HTML; arrow keys move, Enter or a tap
// chooses, Esc closes. The chosen id goes into the hidden input; typing again clears it, so the
// server never receives an id that does not match the text shown. No inline script (CSP).
(function () {
  "use strict";
  var DELAY = 200;

  function setup(box) {
    if (box.dataset.pickerReady) return;
    box.dataset.pickerReady = "1";
    var multiple = box.hasAttribute("data-multiple");
    var chosen = box.querySelector(".picker-chosen");
    // A single picker keeps its id in one hidden input; a multiple one in one per chip.
    var value = multiple ? { value: "", dispatchEvent: function () {} } : box.querySelector("[data-picker-value]");
    var search = box.querySelector(".picker-search");
    var list = box.querySelector(".picker-list");
    var timer = null;
    var asked = "";
    var active = -1;

    function options() {
      return Array.prototype.slice.call(list.querySelectorAll(".picker-option"));
    }

    function open() {
      list.hidden = false;
      search.setAttribute("aria-expanded", "true");
    }

    function close() {
      list.hidden = true;
      search.setAttribute("aria-expanded", "false");
      search.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      all.forEach(function (option, i) {
        var on = i === active;
        option.classList.toggle("active", on);
        option.setAttribute("aria-selected", on ? "true" : "false");
        if (on) {
          search.setAttribute("aria-activedescendant", option.id);
          option.scrollIntoView({ block: "nearest" });
        }
      });
    }

    function addChip(option) {
      var exists = chosen.querySelector('input[value="' + option.dataset.value + '"]');
      if (!exists) {
        var chip = document.createElement("span");
        chip.className = "picker-chip badge text-bg-light border";
        chip.textContent = option.dataset.label;
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = box.dataset.name;
        input.value = option.dataset.value;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "btn-close picker-remove";
        remove.setAttribute("aria-label", box.dataset.removeLabel + " " + option.dataset.label);
        chip.appendChild(input);
        chip.appendChild(remove);
        chosen.appendChild(chip);
      }
      search.value = "";
      asked = "";
      list.innerHTML = "";
      close();
    }

    function choose(option) {
      if (multiple) {
        addChip(option);
        return;
      }
      value.value = option.dataset.value;
      search.value = option.dataset.label;
      asked = search.value;
      search.classList.remove("is-invalid");
      close();
      value.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function ask() {
      var text = search.value.trim();
      if (!text) {
        list.innerHTML = "";
        close();
        return;
      }
      if (text === asked && list.children.length) {
        open();
        return;
      }
      asked = text;
      var url = box.dataset.source + (box.dataset.source.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(text);
      htmx.ajax("GET", url, { target: list, swap: "innerHTML" });
    }

    list.addEventListener("htmx:afterSwap", function () {
      options().forEach(function (option, i) {
        option.id = list.id + "-" + i;
      });
      active = -1;
      if (document.activeElement === search) open();
    });

    search.addEventListener("input", function () {
      value.value = "";
      clearTimeout(timer);
      timer = setTimeout(ask, DELAY);
    });

    search.addEventListener("keydown", function (event) {
      var shown = !list.hidden;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!shown) {
          ask();
          return;
        }
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter") {
        var all = options();
        if (shown && (active >= 0 || all.length === 1)) {
          event.preventDefault();
          choose(all[active >= 0 ? active : 0]);
        } else if ((multiple || !value.value) && search.value.trim()) {
          // Enter before choosing: show the list rather than send an unchosen name.
          event.preventDefault();
          ask();
        }
      } else if (event.key === "Escape" && shown) {
        event.preventDefault();
        close();
      } else if (event.key === "Backspace" && multiple && !search.value) {
        var chips = chosen.querySelectorAll(".picker-chip");
        if (chips.length) chips[chips.length - 1].remove();
      }
    });

    // Keep the focus in the input while a finger or the mouse picks an option.
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    list.addEventListener("click", function (event) {
      var option = event.target.closest(".picker-option");
      if (option) choose(option);
    });
    if (multiple) {
      chosen.addEventListener("click", function (event) {
        var remove = event.target.closest(".picker-remove");
        if (remove) {
          remove.closest(".picker-chip").remove();
          search.focus();
        }
      });
    }
    search.addEventListener("blur", function () {
      setTimeout(close, 150);
    });
    search.addEventListener("focus", function () {
      if (search.value.trim() && !value.value) ask();
    });
  }

  function setupAll(root) {
    (root || document).querySelectorAll("[data-picker]").forEach(setup);
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupAll(document);
  });
  document.addEventListener("htmx:load", function (event) {
    setupAll(event.target);
  });
})();
