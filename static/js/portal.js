// The portal's own behavior, kept out of the pages: the Content-Security-Policy
// allows no inline script or event handler (hx-on included).

// A form marked data-report-validity that htmx refuses to send (a field out of its
// range) shows the browser's own message on that field, instead of nothing happening.
document.addEventListener("htmx:validation:halted", (event) => {
  const form = event.target.closest("[data-report-validity]");
  if (form) form.reportValidity();
});
