// Small touches on top of pages that work without JavaScript.

// The message box takes pasted card texts (several lines), yet Enter still sends a one-line message.
// A box that already holds several lines is being edited: Enter adds a line there, the button sends.
document.addEventListener("keydown", (event) => {
  const box = event.target;
  if (!(box instanceof HTMLTextAreaElement) || !box.hasAttribute("data-enter-sends")) return;
  if (event.key !== "Enter" || event.shiftKey || event.altKey || event.isComposing || event.keyCode === 229) return;
  if (box.value.includes("\n") || !box.value.trim()) return;
  event.preventDefault();
  box.form.requestSubmit();
});

// Copy buttons: <button data-copy="id-of-a-field">.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  if (!field) return;
  const done = () => {
    button.textContent = "복사했어요";
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(field.value).then(done, () => field.select());
  } else {
    field.select();
    if (document.execCommand("copy")) done();
  }
});
