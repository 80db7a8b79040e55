// Casebook's small amount of page behaviour. Loaded on every page; no inline scripts (CSP).
"use strict";

(function () {
  const NARROW = window.matchMedia("(max-width: 991.98px)");

  // Wide tables in case text scroll sideways in their own box, never the whole page. A box that
  // does scroll becomes focusable and named, so keyboard users can scroll it too.
  function wrapTables(root) {
    root.querySelectorAll(".case-body table").forEach(function (table) {
      let box = table.parentElement;
      if (!box.classList.contains("table-scroll")) {
        box = document.createElement("div");
        box.className = "table-scroll";
        table.before(box);
        box.append(table);
      }
      if (box.scrollWidth > box.clientWidth) {
        const header = table.rows[0];
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", header ? Array.from(header.cells, (cell) => cell.textContent.trim()).join(", ") : "table");
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  // The case contents start folded on a phone, where they would push the text off the screen.
  function foldOnNarrowScreens(root) {
    if (!NARROW.matches) return;
    root.querySelectorAll("details[data-fold-narrow]").forEach(function (details) {
      details.open = false;
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    foldOnNarrowScreens(document);
    wrapTables(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    wrapTables(event.detail.elt);
  });
  window.addEventListener("resize", function () {
    wrapTables(document);
  });
})();
