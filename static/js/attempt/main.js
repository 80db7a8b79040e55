// Taking a quiz. The page is a plain form that works without this script; this adds autosave with an
// offline copy of every answer (autosave.js, store.js), file answers uploaded as they are chosen
// (uploads.js), the question navigator (navigator.js), citation links into the case (drawer.js) and a
// countdown on the server's clock that submits the attempt at zero (countdown.js).
// A module runs once the document is parsed, so the form is all there.
import { makeAutosave } from "./autosave.js";
import { showTimer } from "./countdown.js";
import { linkCitations } from "./drawer.js";
import { makeStatus } from "./status.js";
import { makeUploads } from "./uploads.js";

const SWEEP_EVERY = 20000;

function setUpAttempt(form) {
  const text = form.dataset;
  // Starting answers with this page itself (no redirect): show its own address, so a reload or a
  // bookmark opens the attempt rather than posting the start again.
  if (text.attemptUrl && window.location.pathname !== text.attemptUrl) {
    window.history.replaceState(null, "", text.attemptUrl);
  }
  const sections = new Map();
  form.querySelectorAll("[data-question]").forEach((s) => sections.set(s.dataset.question, s));
  const status = makeStatus(form, sections);
  const page = { form, sections, status, csrf: form.querySelector("input[name=csrfmiddlewaretoken]").value };
  const autosave = makeAutosave(page);
  const uploads = makeUploads(page);

  form.addEventListener("input", function (event) {
    const section = event.target.closest("[data-question]");
    if (!section || event.target.type === "file") return; // a file goes up on "change", by itself
    autosave.typed(section.dataset.question);
  });
  form.addEventListener("change", function (event) {
    const section = event.target.closest("[data-question]");
    if (!section) return;
    if (event.target.type === "file") {
      if (!event.target.files.length || !event.target.closest("[data-upload-url]")) return;
      uploads.choose(section.dataset.question, event.target.files[0]);
      return;
    }
    autosave.changed(section.dataset.question);
  });
  // Enter in a one-line answer saves it instead of posting the whole page.
  form.addEventListener("keydown", function (event) {
    const el = event.target;
    if (event.key !== "Enter" || el.tagName !== "INPUT" || ["checkbox", "radio", "submit"].includes(el.type)) return;
    const section = el.closest("[data-question]");
    if (!section) return;
    event.preventDefault();
    autosave.changed(section.dataset.question);
  });
  form.addEventListener("submit", function (event) {
    if (!navigator.onLine) {
      event.preventDefault();
      status.say(text.textOfflineSubmit, true);
    }
  });
  window.addEventListener("online", function () {
    autosave.resume();
    uploads.resume();
  });
  window.addEventListener("offline", autosave.markOffline);
  setInterval(function () {
    autosave.sweep();
    uploads.sweep();
  }, SWEEP_EVERY);

  autosave.restore();
  // A file chosen before this script ran (a slow phone) goes up now.
  sections.forEach(function (section, position) {
    const input = section.querySelector("[data-upload-url] input[type=file]");
    if (input && input.files.length) uploads.choose(position, input.files[0]);
  });

  linkCitations(form, document.getElementById("case-pane"));

  // At zero the form is submitted with whatever is in it (the server also has every save).
  function finish() {
    if (status.finishing) return;
    if (!navigator.onLine) {
      status.say(text.textTimeUpOffline, true);
      window.addEventListener("online", finish, { once: true });
      return;
    }
    status.finishing = true;
    status.say(text.textTimeUp, false);
    const action = document.createElement("input");
    action.type = "hidden";
    action.name = "action";
    action.value = "finish";
    form.append(action);
    form.submit();
  }
  showTimer(form, finish);
}

const form = document.getElementById("attempt-form");
if (form) setUpAttempt(form);
