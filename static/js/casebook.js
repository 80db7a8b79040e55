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

  // A title's length while it is typed, under its field: "12 of 200 characters" (the field's maxlength
  // stops typing there). Screen readers hear it only near the limit, not on every key.
  function countCharacters(root) {
    root.querySelectorAll("[data-char-count][maxlength]").forEach(function (field) {
      if (field.dataset.charCounted) return;
      field.dataset.charCounted = "1";
      const limit = Number(field.maxLength);
      const counter = document.createElement("small");
      counter.className = "char-count";
      counter.id = field.id + "-count";
      field.after(counter);
      const described = field.getAttribute("aria-describedby");
      field.setAttribute("aria-describedby", described ? described + " " + counter.id : counter.id);
      function update() {
        const near = field.value.length >= limit * 0.9;
        counter.textContent = field.dataset.charCount.replace("{count}", field.value.length).replace("{max}", limit);
        counter.classList.toggle("is-near", near);
        counter.setAttribute("aria-live", near ? "polite" : "off");
      }
      field.addEventListener("input", update);
      update();
    });
  }

  // "Select all shown": a checkbox naming the boxes it ticks (data-select-all="<their name>"), in its form.
  // Hidden until this script runs; it shows "some" (indeterminate) when only some are ticked.
  function selectAll(root) {
    root.querySelectorAll("[data-select-all]").forEach(function (all) {
      const boxes = () => Array.from(all.form.querySelectorAll("input[type=checkbox][name='" + all.dataset.selectAll + "']"));
      function reflect() {
        const ticked = boxes().filter((box) => box.checked).length;
        all.checked = ticked > 0 && ticked === boxes().length;
        all.indeterminate = ticked > 0 && ticked < boxes().length;
      }
      all.addEventListener("change", function () {
        boxes().forEach((box) => { box.checked = all.checked; });
      });
      all.form.addEventListener("change", function (event) {
        if (event.target !== all) reflect();
      });
      const box = all.closest("[data-select-all-box]");
      if (box) box.hidden = false;
      reflect();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    selectAll(document);
    foldOnNarrowScreens(document);
    fitBoxes(document);
    countCharacters(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    fitBoxes(event.detail.elt);
    countCharacters(event.detail.elt);
  });
  window.addEventListener("resize", function () {
    focusScrollBoxes(document);
  });
})();
