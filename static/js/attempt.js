// Taking a quiz. The page is a plain form that works without this file; this adds:
// - autosave: every change posts that question's fields to its data-save-url (JSON back);
// - a copy of every answer in localStorage (per attempt and question, with a sequence number) until
//   the server has acknowledged it, re-sent on load, when the browser comes back online and on a
//   backed-off timer, so a flaky connection never loses an answer;
// - a countdown on the server's clock that submits the attempt at zero;
// - file answers uploaded as soon as they are chosen, with a progress bar (a file chosen offline is
//   held for the page's life and sent when the connection returns);
// - the question navigator and progress, and citation links that open the case at the passage.
// Text comes from data-text-* attributes (translated by Django); the CSP allows no inline script.
"use strict";

(function () {
  const NARROW = window.matchMedia("(max-width: 991.98px)");
  const RETRY_MAX = 60000;
  const TYPING_DELAY = 800;
  const SWEEP_EVERY = 20000;
  const REQUEST_TIMEOUT = 20000;

  // --- countdown ---------------------------------------------------------------------------------

  function clock(ms) {
    const total = Math.max(0, Math.ceil(ms / 1000));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    const pad = (n) => String(n).padStart(2, "0");
    return h ? h + ":" + pad(m) + ":" + pad(s) : m + ":" + pad(s);
  }

  // Calls onTick(msLeft, previousMsLeft) about every second and onZero() once. The page carries the
  // server's "now": the difference to this device's clock corrects a wrong clock.
  function countdown(element, onTick, onZero) {
    const deadline = Date.parse(element.dataset.deadline);
    const skew = Date.parse(element.dataset.serverNow) - Date.now();
    if (Number.isNaN(deadline) || Number.isNaN(skew)) return;
    let previous = null;
    let done = false;
    let timer = null;
    function tick() {
      clearTimeout(timer);
      if (done) return;
      const left = deadline - (Date.now() + skew);
      onTick(left, previous);
      previous = left;
      if (left <= 0) {
        done = true;
        onZero();
        return;
      }
      timer = setTimeout(tick, 1000 - (Math.abs(left) % 1000) + 5);
    }
    document.addEventListener("visibilitychange", tick);
    tick();
  }

  // --- storage: localStorage when it works, memory when it does not (private mode, full quota) -----

  function makeStore(prefix) {
    const memory = new Map();
    function read(key) {
      try {
        const raw = window.localStorage.getItem(prefix + key);
        return raw ? JSON.parse(raw) : null;
      } catch (error) {
        return null;
      }
    }
    return {
      get(key) {
        const saved = read(key);
        const held = memory.has(key) ? memory.get(key) : null;
        if (saved === null) return held;
        if (held === null) return saved;
        return (held.seq || held) >= (saved.seq || saved) ? held : saved;
      },
      set(key, value) {
        memory.set(key, value);
        try {
          window.localStorage.setItem(prefix + key, JSON.stringify(value));
        } catch (error) {
          // Memory keeps it for this page's life; the server copy is what matters.
        }
      },
    };
  }

  // --- a question's fields ------------------------------------------------------------------------

  function fieldsOf(section) {
    const fields = [];
    section.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (!el.name || el.disabled || el.type === "file") return;
      if (el.hasAttribute("data-flag")) {
        fields.push([el.name, el.checked ? "1" : "0"]);
      } else if (el.type === "radio" || el.type === "checkbox") {
        if (el.checked) fields.push([el.name, el.value]);
      } else {
        fields.push([el.name, el.value]);
      }
    });
    return fields;
  }

  function applyFields(section, fields) {
    const values = new Map();
    fields.forEach(function (pair) {
      if (!values.has(pair[0])) values.set(pair[0], []);
      values.get(pair[0]).push(pair[1]);
    });
    section.querySelectorAll("input, select, textarea").forEach(function (el) {
      if (!el.name || el.type === "file") return;
      const given = values.get(el.name) || [];
      if (el.hasAttribute("data-flag")) el.checked = given[0] === "1";
      else if (el.type === "radio" || el.type === "checkbox") el.checked = given.includes(el.value);
      else el.value = given.length ? given[0] : "";
    });
  }

  // Whether a field differs from what the server sent (the form's autocomplete is off, so the browser
  // restores nothing itself): the student got there first.
  function editedBeforeScript(section) {
    return Array.from(section.querySelectorAll("input, select, textarea")).some(function (el) {
      if (!el.name || el.type === "file") return false;
      if (el.type === "radio" || el.type === "checkbox") return el.checked !== el.defaultChecked;
      if (el.tagName === "SELECT") return Array.from(el.options).some((o) => o.selected !== o.defaultSelected);
      return el.value !== el.defaultValue;
    });
  }

  function isAnswered(fields) {
    return fields.some((pair) => !pair[0].startsWith("flag-") && pair[1].trim() !== "");
  }

  function isFlagged(fields) {
    return fields.some((pair) => pair[0].startsWith("flag-") && pair[1] === "1");
  }

  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

  // --- the attempt page ---------------------------------------------------------------------------

  function setUpAttempt(form) {
    const text = form.dataset;
    const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    const store = makeStore("casebook:attempt:" + form.dataset.attempt + ":");
    const sections = new Map();
    form.querySelectorAll("[data-question]").forEach((s) => sections.set(s.dataset.question, s));
    const globalStatus = form.querySelector("[data-save-status-global]");
    const states = new Map();
    let closedMessage = null;
    let finishing = false;

    function state(position) {
      if (!states.has(position)) states.set(position, { phase: "", message: "", failures: 0, timer: null });
      return states.get(position);
    }

    function nextSeq() {
      const seq = (store.get("seq") || 0) + 1;
      store.set("seq", seq);
      return seq;
    }

    // Navigator, progress and status lines -----------------------------------------------------------

    function showNavigator(position, fields) {
      const link = form.querySelector('[data-nav="' + position + '"]');
      if (!link) return;
      const answered = isAnswered(fields) || Boolean(sections.get(position).querySelector(".answer-upload.is-uploaded"));
      const flagged = isFlagged(fields);
      link.classList.toggle("is-answered", answered);
      link.classList.toggle("is-flagged", flagged);
      link.querySelector("[data-nav-state]").textContent =
        (answered ? text.textAnswered : "") + (flagged ? text.textFlagged : "");
      const count = form.querySelector("[data-answered-count]");
      if (count) count.textContent = form.querySelectorAll(".attempt-nav-link.is-answered").length;
    }

    function phaseText(s) {
      if (s.phase === "saving") return text.textSaving;
      if (s.phase === "uploading") return text.textUploading + " " + s.message;
      if (s.phase === "saved") return text.textSaved;
      if (s.phase === "offline") return text.textOffline;
      if (s.phase === "signed-out") return text.textSignedOut;
      if (s.phase === "error") return text.textNotSaved + " " + s.message;
      return "";
    }

    function setText(element, value) {
      if (element && element.textContent !== value) element.textContent = value;
    }

    function render() {
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
      if (closedMessage) summary = closedMessage;
      else if (error) summary = error;
      else if (phases.has("signed-out")) summary = text.textSignedOut;
      else if (phases.has("offline")) summary = text.textOffline;
      else if (phases.has("saving") || phases.has("uploading")) summary = text.textSaving;
      else if (phases.has("saved")) summary = text.textAllSaved;
      if (summary !== null && !finishing) {
        setText(globalStatus, summary);
        globalStatus.classList.toggle("is-problem", summary !== text.textSaving && summary !== text.textAllSaved);
      }
    }

    function say(message, problem) {
      setText(globalStatus, message);
      globalStatus.classList.toggle("is-problem", Boolean(problem));
    }

    // Keeping and sending answers --------------------------------------------------------------------

    // Write the question's current fields to storage (a new sequence number) if they changed.
    function keep(position) {
      const fields = fieldsOf(sections.get(position));
      const entry = store.get(position);
      showNavigator(position, fields);
      if (entry && same(entry.fields, fields)) return;
      store.set(position, { seq: nextSeq(), fields: fields, synced: false });
    }

    function needsSending(entry) {
      return entry && !entry.synced && entry.refused !== entry.seq;
    }

    function later(position, delay) {
      const s = state(position);
      clearTimeout(s.timer);
      s.timer = setTimeout(() => send(position), delay);
    }

    // One request at a time for the whole page: the server sees each question's answers in the order
    // they were given, and a phone on a weak signal is not asked to carry a burst. Changes made while a
    // request is in flight wait in the queue; a question in it is sent once, with its latest answer.
    let inflight = null;
    const queue = new Set();

    function send(position) {
      const s = state(position);
      clearTimeout(s.timer);
      s.timer = null;
      if (closedMessage || !needsSending(store.get(position))) return;
      if (navigator.onLine && s.phase !== "saving") {
        s.phase = "saving";
        render();
      }
      queue.add(position);
      pump();
    }

    function pump() {
      while (inflight === null && queue.size) {
        const position = queue.values().next().value;
        queue.delete(position);
        start(position);
      }
    }

    function start(position) {
      const s = state(position);
      const entry = store.get(position);
      if (closedMessage || !needsSending(entry)) return;
      if (!navigator.onLine) {
        s.phase = "offline";
        render();
        return;
      }
      inflight = position;
      const seq = entry.seq;
      const controller = new AbortController();
      const timeout = setTimeout(() => controller.abort(), REQUEST_TIMEOUT);
      fetch(sections.get(position).dataset.saveUrl, {
        method: "POST",
        body: new URLSearchParams(entry.fields),
        headers: { "X-CSRFToken": csrf, Accept: "application/json" },
        credentials: "same-origin",
        redirect: "manual",
        signal: controller.signal,
      })
        .then(outcomeOf, () => ({ kind: "retry" }))
        .then(function (outcome) {
          clearTimeout(timeout);
          inflight = null;
          settle(position, seq, outcome);
          pump();
        });
    }

    function outcomeOf(response) {
      if (response.type === "opaqueredirect") return { kind: "signed-out" }; // to the sign-in page
      return response.json().then(
        function (data) {
          if (response.ok) return { kind: "saved" };
          if (response.status === 409) return { kind: "closed", message: data.error };
          if (response.status === 403) return { kind: "reload" };
          if (response.status < 500 && data.error) return { kind: "refused", message: data.error };
          return { kind: "retry" };
        },
        () => ({ kind: response.status === 403 ? "reload" : "retry" }),
      );
    }

    function settle(position, seq, outcome) {
      const s = state(position);
      const entry = store.get(position);
      const current = entry && entry.seq === seq;
      if (outcome.kind === "saved") {
        s.failures = 0;
        if (current) {
          // Only the answer that was sent is marked: a newer one (this reply is stale) still goes out.
          entry.synced = true;
          store.set(position, entry);
          s.phase = "saved";
        } else {
          queue.add(position);
        }
      } else if (outcome.kind === "refused") {
        if (current) {
          entry.refused = seq;
          store.set(position, entry);
        } else {
          queue.add(position);
        }
        s.phase = "error";
        s.message = outcome.message;
      } else if (outcome.kind === "closed") {
        s.phase = "error";
        s.message = outcome.message;
        closedMessage = text.textClosed + " " + outcome.message;
        queue.clear();
      } else if (outcome.kind === "reload") {
        s.phase = "error";
        s.message = text.textReload;
      } else {
        s.failures += 1;
        s.phase = navigator.onLine && outcome.kind === "signed-out" ? "signed-out" : "offline";
        const backoff = Math.min(RETRY_MAX, 2000 * 2 ** (s.failures - 1));
        later(position, backoff + Math.random() * 1000);
      }
      render();
    }

    function sendAll() {
      sections.forEach(function (section, position) {
        if (inflight !== position && needsSending(store.get(position))) send(position);
      });
    }

    // File answers -----------------------------------------------------------------------------------

    const heldFiles = new Map(); // position -> the chosen file, until the server has it
    const uploading = new Map(); // position -> its request in flight (a newer choice replaces it)

    function upload(position) {
      const s = state(position);
      const box = sections.get(position).querySelector("[data-upload]");
      const input = box.querySelector("input[type=file]");
      const bar = box.querySelector("[data-upload-progress]");
      const file = heldFiles.get(position);
      if (!file || closedMessage) return;
      const previous = uploading.get(position);
      uploading.delete(position); // its loadend now finds itself replaced and does nothing
      if (previous) previous.abort();
      if (!navigator.onLine) {
        s.phase = "offline";
        render();
        return;
      }
      const body = new FormData();
      body.append(input.name, file);
      const request = new XMLHttpRequest();
      request.open("POST", box.dataset.uploadUrl);
      request.setRequestHeader("X-CSRFToken", csrf);
      request.setRequestHeader("Accept", "application/json");
      request.upload.addEventListener("progress", function (event) {
        if (!event.lengthComputable) return;
        bar.value = Math.round((100 * event.loaded) / event.total);
        s.message = bar.value + "%";
        render();
      });
      request.addEventListener("loadend", function () {
        if (uploading.get(position) !== request) return; // replaced by a newer choice
        uploading.delete(position);
        bar.hidden = true;
        let data = {};
        try {
          data = JSON.parse(request.responseText);
        } catch (error) {
          // not JSON: a proxy's error page, or no response at all
        }
        if (request.status === 200 && data.name) {
          heldFiles.delete(position);
          input.value = ""; // already on the server: the form's own submit must not send it again
          showUploaded(box, data);
          showNavigator(position, fieldsOf(sections.get(position)));
          s.phase = "saved";
        } else if (request.status === 409) {
          s.phase = "error";
          s.message = data.error || "";
          closedMessage = text.textClosed + " " + s.message;
        } else if (request.status >= 400 && request.status < 500) {
          heldFiles.delete(position);
          input.value = ""; // refused: the form's own submit must not carry it either
          s.phase = "error";
          s.message = data.error || (request.status === 413 ? text.textTooLarge : text.textReload);
        } else {
          s.phase = "offline"; // sent again when the browser is back online, or on the next sweep
        }
        render();
      });
      bar.value = 0;
      bar.hidden = false;
      s.phase = "uploading";
      s.message = "0%";
      render();
      uploading.set(position, request);
      request.send(body);
    }

    function showUploaded(box, data) {
      const line = box.querySelector("[data-upload-current]");
      const link = document.createElement("a");
      link.href = data.url;
      link.download = "";
      link.textContent = data.name;
      line.replaceChildren(text.textYourFile + " ", link, " (" + data.size_text + ")");
      box.querySelector("label").textContent = text.textReplaceFile;
      box.classList.add("is-uploaded");
    }

    // Events ---------------------------------------------------------------------------------------

    form.addEventListener("input", function (event) {
      const section = event.target.closest("[data-question]");
      if (!section || event.target.type === "file") return; // a file goes up on "change", by itself
      keep(section.dataset.question);
      later(section.dataset.question, TYPING_DELAY);
    });
    form.addEventListener("change", function (event) {
      const section = event.target.closest("[data-question]");
      if (!section) return;
      if (event.target.type === "file") {
        if (!event.target.files.length || !event.target.closest("[data-upload-url]")) return;
        heldFiles.set(section.dataset.question, event.target.files[0]);
        upload(section.dataset.question);
        return;
      }
      keep(section.dataset.question);
      send(section.dataset.question);
    });
    // Enter in a one-line answer saves it instead of posting the whole page.
    form.addEventListener("keydown", function (event) {
      const el = event.target;
      if (event.key !== "Enter" || el.tagName !== "INPUT" || ["checkbox", "radio", "submit"].includes(el.type)) return;
      const section = el.closest("[data-question]");
      if (!section) return;
      event.preventDefault();
      keep(section.dataset.question);
      send(section.dataset.question);
    });
    form.addEventListener("submit", function (event) {
      if (!navigator.onLine) {
        event.preventDefault();
        say(text.textOfflineSubmit, true);
      }
    });
    window.addEventListener("online", function () {
      states.forEach((s) => (s.failures = 0));
      sendAll();
      heldFiles.forEach((file, position) => upload(position));
    });
    window.addEventListener("offline", function () {
      states.forEach(function (s, position) {
        if (needsSending(store.get(position)) && inflight !== position) s.phase = "offline";
      });
      render();
    });
    setInterval(function () {
      states.forEach(function (s, position) {
        if (inflight !== position && !queue.has(position) && !s.timer && needsSending(store.get(position))) send(position);
        if (heldFiles.has(position) && !uploading.has(position) && s.phase === "offline") upload(position);
      });
    }, SWEEP_EVERY);

    // On load: answers kept here but never acknowledged go back into the form and out again, and
    // answers given before this script ran (a slow phone) go out now.
    sections.forEach(function (section, position) {
      const entry = store.get(position);
      if (!needsSending(entry)) {
        if (editedBeforeScript(section)) {
          keep(position);
          send(position);
        }
        return;
      }
      if (same(entry.fields, fieldsOf(section))) {
        entry.synced = true; // the page came from the server with this answer: it has it
        store.set(position, entry);
        return;
      }
      applyFields(section, entry.fields);
      showNavigator(position, entry.fields);
      send(position);
    });
    // A file chosen before this script ran (a slow phone) goes up now.
    sections.forEach(function (section, position) {
      const input = section.querySelector("[data-upload-url] input[type=file]");
      if (!input || !input.files.length) return;
      heldFiles.set(position, input.files[0]);
      upload(position);
    });

    // The case beside the questions (a drawer on phones) and citation links --------------------------

    const pane = document.getElementById("case-pane");
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

    // Countdown: submits at zero, with whatever is in the form (the server also has every save) -----

    function finish() {
      if (finishing) return;
      if (!navigator.onLine) {
        say(text.textTimeUpOffline, true);
        window.addEventListener("online", finish, { once: true });
        return;
      }
      finishing = true;
      say(text.textTimeUp, false);
      const action = document.createElement("input");
      action.type = "hidden";
      action.name = "action";
      action.value = "finish";
      form.append(action);
      form.submit();
    }

    const timer = form.querySelector("[data-timer]");
    if (timer) {
      const value = timer.querySelector("[data-timer-value]");
      const shown = timer.querySelector("[data-timer-text]");
      const toggle = timer.querySelector("[data-timer-toggle]");
      const announcer = form.querySelector("[data-timer-announce]");
      const marks = [[600, text.textTenMinutes], [300, text.textFiveMinutes], [60, text.textOneMinute]];
      toggle.hidden = false;
      toggle.addEventListener("click", function () {
        const hide = !shown.hidden;
        shown.hidden = hide;
        toggle.setAttribute("aria-pressed", String(hide));
        toggle.textContent = hide ? text.textShow : text.textHide;
      });
      countdown(
        timer,
        function (left, previous) {
          if (left < 24 * 3600 * 1000) setText(value, clock(left));
          timer.classList.toggle("is-urgent", left < 5 * 60 * 1000);
          // Screen readers hear the time only at 10, 5 and 1 minutes left, never every second.
          marks.forEach(function (mark) {
            if (previous !== null && previous > mark[0] * 1000 && left <= mark[0] * 1000) {
              announcer.textContent = mark[1];
            }
          });
        },
        finish,
      );
    }
  }

  // --- the submit confirmation page: the countdown still submits at zero ---------------------------

  function setUpConfirmation(form) {
    countdown(form, function () {}, () => form.submit());
  }

  document.addEventListener("DOMContentLoaded", function () {
    const attempt = document.getElementById("attempt-form");
    if (attempt) setUpAttempt(attempt);
    const confirmation = document.querySelector("form[data-finish-form]");
    if (confirmation) setUpConfirmation(confirmation);
  });
})();
