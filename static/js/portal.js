// The portal's own behavior, kept out of the pages: the Content-Security-Policy
// allows no inline script or event handler (hx-on included).

// A form marked data-report-validity that htmx refuses to send (a field out of its
// range) shows the browser's own message on that field, instead of nothing happening.
document.addEventListener("htmx:validation:halted", (event) => {
  const form = event.target.closest("[data-report-validity]");
  if (form) form.reportValidity();
});

// A test-call form asks for the time in the channel's own measure: seconds for the
// channels answered live (listed on the select), hours to reply for the others.
function showTimeForChannel(select) {
  const live = select.dataset.liveChannels.split(" ").includes(select.value);
  for (const input of select.form.querySelectorAll("[data-time-for]")) {
    const wrapper = document.getElementById(`div_${input.id}`) || input;
    wrapper.hidden = (input.dataset.timeFor === "live") !== live;
  }
}
for (const select of document.querySelectorAll("select[data-live-channels]")) {
  showTimeForChannel(select);
  select.addEventListener("change", () => showTimeForChannel(select));
}
