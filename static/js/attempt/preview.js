// The quiz preview (instructors): the attempt page's countdown and citation links, and nothing saved.
// At zero it says what would happen to a student's attempt instead of submitting anything.
import { showTimer } from "./countdown.js";
import { linkCitations } from "./drawer.js";

const page = document.getElementById("preview");
if (page) {
  linkCitations(page, document.getElementById("case-pane"));
  showTimer(page, function () {
    page.querySelector("[data-preview-status]").textContent = page.dataset.textTimeUp;
  });
}
