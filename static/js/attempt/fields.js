// A question's fields as [name, value] pairs: what autosave sends and stores, and puts back.

export function fieldsOf(section) {
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

export function applyFields(section, fields) {
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
export function editedBeforeScript(section) {
  return Array.from(section.querySelectorAll("input, select, textarea")).some(function (el) {
    if (!el.name || el.type === "file") return false;
    if (el.type === "radio" || el.type === "checkbox") return el.checked !== el.defaultChecked;
    if (el.tagName === "SELECT") return Array.from(el.options).some((o) => o.selected !== o.defaultSelected);
    return el.value !== el.defaultValue;
  });
}
