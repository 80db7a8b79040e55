// What the page says about saving: each question's status line and the summary at the top. The words
// come from the form's data-text-* attributes, translated by Django (the CSP allows no inline script).

export function setText(element, value) {
  if (element && element.textContent !== value) element.textContent = value;
}

// One per page: every question's phase ("saving", "uploading", "saved", "offline", "signed-out",
// "error"), its message, its failures in a row and its retry timer; whether the attempt is closed
// (nothing more is sent) or being finished by the countdown (the summary then stays as it is).
export function makeStatus(form, sections) {
  const text = form.dataset;
  const globalStatus = form.querySelector("[data-save-status-global]");
  const states = new Map();

  function phaseText(s) {
    if (s.phase === "saving") return text.textSaving;
    if (s.phase === "uploading") return text.textUploading + " " + s.message;
    if (s.phase === "saved") return text.textSaved;
    if (s.phase === "offline") return text.textOffline;
    if (s.phase === "signed-out") return text.textSignedOut;
    if (s.phase === "error") return text.textNotSaved + " " + s.message;
    return "";
  }

  const status = {
    states,
    closed: null,
    finishing: false,

    of(position) {
      if (!states.has(position)) states.set(position, { phase: "", message: "", failures: 0, timer: null });
      return states.get(position);
    },

    close(message) {
      status.closed = text.textClosed + " " + message;
    },

    render() {
      const phases = new Set();
      let error = null;
      states.forEach(function (s, position) {
        const section = sections.get(position);
        const line = section && section.querySelector("[data-save-status]");
        if (line) {
          setText(line, phaseText(s));
          line.classList.toggle("is-problem", ["offline", "signed-out", "error"].includes(s.phase));
        }
        phases.add(s.phase);
        if (s.phase === "error" && !error) error = phaseText(s);
      });
      let summary = null;
      if (status.closed) summary = status.closed;
      else if (error) summary = error;
      else if (phases.has("signed-out")) summary = text.textSignedOut;
      else if (phases.has("offline")) summary = text.textOffline;
      else if (phases.has("saving") || phases.has("uploading")) summary = text.textSaving;
      else if (phases.has("saved")) summary = text.textAllSaved;
      if (summary !== null && !status.finishing) {
        setText(globalStatus, summary);
        globalStatus.classList.toggle("is-problem", summary !== text.textSaving && summary !== text.textAllSaved);
      }
    },

    say(message, problem) {
      setText(globalStatus, message);
      globalStatus.classList.toggle("is-problem", Boolean(problem));
    },
  };
  return status;
}
