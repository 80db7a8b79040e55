// A countdown on the server's clock, and the attempt page's timer that shows it.
import { setText } from "./status.js";

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
export function countdown(element, onTick, onZero) {
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

// The time left (which the student may hide), urgent in the last five minutes; onZero() at zero.
export function showTimer(form, onZero) {
  const text = form.dataset;
  const timer = form.querySelector("[data-timer]");
  if (!timer) return;
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
    onZero,
  );
}
