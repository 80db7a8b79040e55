// Post the deep-linking response to the LMS as soon as the page loads (the button is the fallback).
const form = document.querySelector("form[data-autosubmit]");
if (form) form.requestSubmit ? form.requestSubmit() : form.submit();
