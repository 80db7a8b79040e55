// The question navigator (answered, flagged) and the "n of m answered" count.

function isAnswered(fields) {
  return fields.some((pair) => !pair[0].startsWith("flag-") && pair[1].trim() !== "");
}

function isFlagged(fields) {
  return fields.some((pair) => pair[0].startsWith("flag-") && pair[1] === "1");
}

export function showNavigator(form, section, fields) {
  const text = form.dataset;
  const link = form.querySelector('[data-nav="' + section.dataset.question + '"]');
  if (!link) return;
  const answered = isAnswered(fields) || Boolean(section.querySelector(".answer-upload.is-uploaded"));
  const flagged = isFlagged(fields);
  link.classList.toggle("is-answered", answered);
  link.classList.toggle("is-flagged", flagged);
  link.querySelector("[data-nav-state]").textContent =
    (answered ? text.textAnswered : "") + (flagged ? text.textFlagged : "");
  const count = form.querySelector("[data-answered-count]");
  if (count) count.textContent = form.querySelectorAll(".attempt-nav-link.is-answered").length;
}
