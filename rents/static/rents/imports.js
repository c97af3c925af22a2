// Progressive enhancement: while a large import uploads and posts, show a busy progress bar and
// stop a second click from submitting the file twice (the server refuses duplicates anyway).
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-upload-progress]");
  if (!form) return;
  const progress = document.getElementById(form.dataset.uploadProgress);
  if (progress) {
    progress.hidden = false;
    const label = document.getElementById(progress.getAttribute("aria-labelledby"));
    if (label) label.hidden = false;
  }
  const button = form.querySelector("button[type=submit]");
  if (button) button.setAttribute("aria-disabled", "true");
  if (form.dataset.submitted) event.preventDefault();
  form.dataset.submitted = "true";
});
