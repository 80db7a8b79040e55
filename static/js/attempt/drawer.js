// The case beside the questions (a drawer on phones) and citation links that open it at the passage.

const NARROW = window.matchMedia("(max-width: 991.98px)");

export function linkCitations(form, pane) {
  form.querySelectorAll("[data-cite]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      const target = pane && pane.querySelector("#" + CSS.escape(link.dataset.cite));
      if (!target) return;
      event.preventDefault();
      function reveal() {
        pane.querySelectorAll(".is-cited").forEach((el) => el.classList.remove("is-cited"));
        target.classList.add("is-cited");
        target.tabIndex = -1;
        const scroller = pane.querySelector("[data-case-scroll]");
        scroller.scrollTop += target.getBoundingClientRect().top - scroller.getBoundingClientRect().top - 16;
        target.focus({ preventScroll: true });
      }
      if (NARROW.matches && window.bootstrap) {
        pane.addEventListener("shown.bs.offcanvas", reveal, { once: true });
        window.bootstrap.Offcanvas.getOrCreateInstance(pane).show();
      } else {
        reveal();
      }
    });
  });
}
