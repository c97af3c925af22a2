// Progressive enhancement only: every page works without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the error summary so screen-reader and keyboard users hear what went wrong.
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
  // On a phone the main menu folds behind a button so the page starts near the top of the screen;
  // without JavaScript the menu is simply always open.
  const toggle = document.querySelector("[data-menu-toggle]");
  if (toggle) {
    document.documentElement.classList.add("nav-collapsible");
    toggle.addEventListener("click", () => {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      document.getElementById(toggle.getAttribute("aria-controls")).classList.toggle("is-open", open);
    });
  }
});
// htmx needs the CSRF token on POSTs; it is read from the cookie-less form field on the page.
document.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});
