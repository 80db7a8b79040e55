// Keyboard shortcuts for the grading queue (the page works without them; the legend lists them):
// j / k open the next / previous answer, g puts the cursor in the score box, s saves and moves on.
// Letter keys never fire while typing in a field, where Ctrl+Enter (or Cmd+Enter) saves instead and
// Escape leaves the field. Loaded as a file: the CSP allows no inline script.
"use strict";

(function () {
  function isTyping(element) {
    return element instanceof HTMLElement &&
      (element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName));
  }

  function save(form) {
    if (form.dataset.saving) return;  // a held key or a double press must not post twice
    form.dataset.saving = "1";
    form.requestSubmit();
  }

  document.addEventListener("DOMContentLoaded", function () {
    const form = document.getElementById("grade-form");
    if (!form || !document.querySelector("[data-grading]")) return;
    form.addEventListener("submit", function () { form.dataset.saving = "1"; });

    document.addEventListener("keydown", function (event) {
      if (event.defaultPrevented || event.isComposing) return;
      if (isTyping(event.target)) {
        if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && form.contains(event.target)) {
          event.preventDefault();
          save(form);
        } else if (event.key === "Escape") {
          event.target.blur();
        }
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const link = { j: 'a[rel="next"]', k: 'a[rel="prev"]' }[event.key];
      if (link) {
        const target = document.querySelector(link);
        if (target) {
          event.preventDefault();
          window.location.assign(target.href);
        }
      } else if (event.key === "g") {
        event.preventDefault();
        form.querySelector('input[name="score"]').focus();
      } else if (event.key === "s") {
        event.preventDefault();
        save(form);
      }
    });
  });
})();
