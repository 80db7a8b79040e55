// Typesets the formulas the Markdown pipeline leaves as TeX text (casestudies/math.py) with KaTeX.
// Loaded only on pages that have math, after katex.min.js; configured here, not inline (CSP).
// KaTeX writes visible HTML (hidden from screen readers) beside MathML that they read aloud, and
// sizes everything in em, so formulas zoom with the text.
"use strict";

(function () {
  const OPTIONS = {
    throwOnError: false, // a typo shows the TeX in red, the page goes on
    trust: false, // no \href, \url, \includegraphics or \htmlClass: a formula cannot link or style
    strict: "ignore",
    maxSize: 20, // em: no formula covers the page
    maxExpand: 500, // macro expansions: no formula hangs the tab
    output: "htmlAndMathml",
  };
  const DELIMITERS = { "\\(": ["\\)", false], "\\[": ["\\]", true] };

  function typeset(element) {
    const tex = element.textContent.trim();
    const opening = DELIMITERS[tex.slice(0, 2)];
    if (!opening || !tex.endsWith(opening[0])) return;
    const source = tex.slice(2, -2);
    window.katex.render(source, element, Object.assign({ displayMode: opening[1] }, OPTIONS));
    element.dataset.tex = source;
    // A math element takes its name from authors only, so a choice whose label is only a formula would
    // have no name: there the formula's name is its TeX. Elsewhere screen readers read the MathML.
    const math = element.querySelector(".katex-mathml math");
    if (math && element.closest("label")) math.setAttribute("aria-label", source);
  }

  // A display formula wider than its column scrolls in its own box (static/css/math.css), which then
  // takes keyboard focus so it can be scrolled without a mouse.
  function focusWideFormulas() {
    document.querySelectorAll(".katex-display").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) box.tabIndex = 0;
      else box.removeAttribute("tabindex");
    });
  }

  function typesetAll(root) {
    root.querySelectorAll(".arithmatex:not([data-tex])").forEach(typeset);
    focusWideFormulas();
  }

  typesetAll(document);
  // The case editor's live preview and other htmx swaps bring new formulas.
  document.addEventListener("htmx:load", function (event) {
    typesetAll(event.target);
  });
  window.addEventListener("resize", focusWideFormulas);
})();
