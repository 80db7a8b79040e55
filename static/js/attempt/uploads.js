// File answers, uploaded as soon as they are chosen, with a progress bar. A file chosen offline is
// held for the page's life and sent when the connection returns (or on the next sweep).
import { fieldsOf } from "./fields.js";
import { showNavigator } from "./navigator.js";

export function makeUploads({ form, sections, status, csrf }) {
  const text = form.dataset;
  const heldFiles = new Map(); // position -> the chosen file, until the server has it
  const uploading = new Map(); // position -> its request in flight (a newer choice replaces it)

  function upload(position) {
    const s = status.of(position);
    const section = sections.get(position);
    const box = section.querySelector("[data-upload]");
    const input = box.querySelector("input[type=file]");
    const bar = box.querySelector("[data-upload-progress]");
    const file = heldFiles.get(position);
    if (!file || status.closed) return;
    const previous = uploading.get(position);
    uploading.delete(position); // its loadend now finds itself replaced and does nothing
    if (previous) previous.abort();
    if (!navigator.onLine) {
      s.phase = "offline";
      status.render();
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
      status.render();
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
        showNavigator(form, section, fieldsOf(section));
        s.phase = "saved";
      } else if (request.status === 409) {
        s.phase = "error";
        s.message = data.error || "";
        status.close(s.message);
      } else if (request.status >= 400 && request.status < 500) {
        heldFiles.delete(position);
        input.value = ""; // refused: the form's own submit must not carry it either
        s.phase = "error";
        s.message = data.error || (request.status === 413 ? text.textTooLarge : text.textReload);
      } else {
        s.phase = "offline"; // sent again when the browser is back online, or on the next sweep
      }
      status.render();
    });
    bar.value = 0;
    bar.hidden = false;
    s.phase = "uploading";
    s.message = "0%";
    status.render();
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

  return {
    choose(position, file) {
      heldFiles.set(position, file);
      upload(position);
    },

    resume() {
      heldFiles.forEach((file, position) => upload(position));
    },

    sweep() {
      heldFiles.forEach(function (file, position) {
        if (!uploading.has(position) && status.of(position).phase === "offline") upload(position);
      });
    },
  };
}
