// Casebook's small amount of page behaviour. Loaded on every page; no inline scripts (CSP).
"use strict";

(function () {
  const NARROW = window.matchMedia("(max-width: 991.98px)");

  // Wide tables in case text scroll sideways in their own box, never the whole page.
  function wrapTables(root) {
    root.querySelectorAll(".case-body table").forEach(function (table) {
      if (!table.parentElement.classList.contains("table-scroll")) {
        const box = document.createElement("div");
        box.className = "table-scroll";
        table.before(box);
        box.append(table);
      }
    });
  }

  // What a scrolling box is called: its table's caption or header row, or the heading before it.
  function boxName(box) {
    const table = box.querySelector("table");
    if (table && table.caption) return table.caption.textContent.trim();
    const heading = box.previousElementSibling;
    if (heading && /^H[1-6]$/.test(heading.tagName)) return heading.textContent.trim();
    if (table && table.rows[0]) return Array.from(table.rows[0].cells, (cell) => cell.textContent.trim()).join(", ");
    return box.tagName === "PRE" ? "Code" : "Table";
  }

  // A box that scrolls sideways (a wide table, a long line of code) becomes focusable and named, so
  // keyboard users can scroll it too; boxes whose template already did so are left alone.
  function focusScrollBoxes(root) {
    root.querySelectorAll(".table-responsive, .table-scroll, .case-body pre").forEach(function (box) {
      if (box.hasAttribute("tabindex") && !box.dataset.scrollBox) return;
      if (box.scrollWidth > box.clientWidth) {
        box.dataset.scrollBox = "auto";
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", boxName(box));
      } else if (box.dataset.scrollBox) {
        delete box.dataset.scrollBox;
        ["tabindex", "role", "aria-label"].forEach((name) => box.removeAttribute(name));
      }
    });
  }

  function fitBoxes(root) {
    wrapTables(root);
    focusScrollBoxes(root);
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
    fitBoxes(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    fitBoxes(event.detail.elt);
  });
  window.addEventListener("resize", function () {
    focusScrollBoxes(document);
  });
})();
