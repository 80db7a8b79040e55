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
    wrapTables(document);
    countCharacters(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    wrapTables(event.detail.elt);
    countCharacters(event.detail.elt);
  });
  window.addEventListener("resize", function () {
    wrapTables(document);
  });
})();
