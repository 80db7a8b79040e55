// Autosave: every change posts that question's fields to its data-save-url (JSON back). A copy of every
// answer stays in the store (per attempt and question, with a sequence number) until the server has
// acknowledged it, and is re-sent on load, when the browser comes back online and on a backed-off
// timer, so a flaky connection never loses an answer.
import { applyFields, editedBeforeScript, fieldsOf } from "./fields.js";
import { showNavigator } from "./navigator.js";
import { makeStore } from "./store.js";

const RETRY_MAX = 60000;
const TYPING_DELAY = 800;
const REQUEST_TIMEOUT = 20000;

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

function needsSending(entry) {
  return entry && !entry.synced && entry.refused !== entry.seq;
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

export function makeAutosave({ form, sections, status, csrf }) {
  const text = form.dataset;
  const store = makeStore("casebook:attempt:" + form.dataset.attempt + ":");

  function nextSeq() {
    const seq = (store.get("seq") || 0) + 1;
    store.set("seq", seq);
    return seq;
  }

  // Write the question's current fields to storage (a new sequence number) if they changed.
  function keep(position) {
    const section = sections.get(position);
    const fields = fieldsOf(section);
    const entry = store.get(position);
    showNavigator(form, section, fields);
    if (entry && same(entry.fields, fields)) return;
    store.set(position, { seq: nextSeq(), fields: fields, synced: false });
  }

  function later(position, delay) {
    const s = status.of(position);
    clearTimeout(s.timer);
    s.timer = setTimeout(() => send(position), delay);
  }

  // One request at a time for the whole page: the server sees each question's answers in the order
  // they were given, and a phone on a weak signal is not asked to carry a burst. Changes made while a
  // request is in flight wait in the queue; a question in it is sent once, with its latest answer.
  let inflight = null;
  const queue = new Set();

  function send(position) {
    const s = status.of(position);
    clearTimeout(s.timer);
    s.timer = null;
    if (status.closed || !needsSending(store.get(position))) return;
    if (navigator.onLine && s.phase !== "saving") {
      s.phase = "saving";
      status.render();
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
    const s = status.of(position);
    const entry = store.get(position);
    if (status.closed || !needsSending(entry)) return;
    if (!navigator.onLine) {
      s.phase = "offline";
      status.render();
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

  function settle(position, seq, outcome) {
    const s = status.of(position);
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
      status.close(outcome.message);
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
    status.render();
  }

  // A choice, a flag or Enter goes out at once; typing waits for a pause.
  function changed(position) {
    keep(position);
    send(position);
  }

  return {
    changed,

    typed(position) {
      keep(position);
      later(position, TYPING_DELAY);
    },

    // Back online: every answer not yet acknowledged goes out now, its backoff forgotten.
    resume() {
      status.states.forEach((s) => (s.failures = 0));
      sections.forEach(function (section, position) {
        if (inflight !== position && needsSending(store.get(position))) send(position);
      });
    },

    markOffline() {
      status.states.forEach(function (s, position) {
        if (needsSending(store.get(position)) && inflight !== position) s.phase = "offline";
      });
      status.render();
    },

    // Anything unacknowledged that no request, queue or timer is going to send.
    sweep() {
      status.states.forEach(function (s, position) {
        if (inflight !== position && !queue.has(position) && !s.timer && needsSending(store.get(position))) send(position);
      });
    },

    // On load: answers kept here but never acknowledged go back into the form and out again, and
    // answers given before the script ran (a slow phone) go out now.
    restore() {
      sections.forEach(function (section, position) {
        const entry = store.get(position);
        if (!needsSending(entry)) {
          if (editedBeforeScript(section)) changed(position);
          return;
        }
        if (same(entry.fields, fieldsOf(section))) {
          entry.synced = true; // the page came from the server with this answer: it has it
          store.set(position, entry);
          return;
        }
        applyFields(section, entry.fields);
        showNavigator(form, section, entry.fields);
        send(position);
      });
    },
  };
}
