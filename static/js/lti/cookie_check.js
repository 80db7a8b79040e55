// The OIDC login page: go on to the LMS's sign-in if this frame may keep cookies, else offer a new window.
const box = document.getElementById("lti-login");

function cookiesWork() {
  if (!navigator.cookieEnabled) return false;
  const secure = location.protocol === "https:" ? "; SameSite=None; Secure" : "";
  document.cookie = `casebook_lti_check=1; path=/; max-age=60${secure}`;
  const ok = document.cookie.includes("casebook_lti_check=1");
  document.cookie = `casebook_lti_check=; path=/; max-age=0${secure}`;
  return ok;
}

if (box) {
  const framed = window.top !== window.self;
  if (!framed || cookiesWork()) {
    window.location.replace(box.dataset.authUrl);
  } else {
    box.querySelector("[data-lti-loading]").classList.add("d-none");
    box.querySelector("[data-lti-blocked]").classList.remove("d-none");
  }
}
