// The submit confirmation page: the attempt's countdown still submits it at zero.
import { countdown } from "./countdown.js";

const form = document.querySelector("form[data-finish-form]");
if (form) countdown(form, function () {}, () => form.submit());
