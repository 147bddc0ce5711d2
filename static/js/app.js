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

// ---- The month page's writes (answers carry only what changed; see expenses/entries/views.py) ----

// A day new on the page arrives at the top of the list: move it among the days by its date. A day
// older than every day loaded and older than the next page's first day comes with that page instead.
function placeNewDays() {
  const list = document.getElementById("entry-days");
  if (!list) return;
  for (const day of list.querySelectorAll("article.day[data-unplaced]")) {
    day.removeAttribute("data-unplaced");
    const date = day.dataset.date;
    const older = [...list.querySelectorAll("article.day")].find((other) => other !== day && other.dataset.date < date);
    const more = document.getElementById("more-entries");
    if (older) {
      older.before(day);
    } else if (more) {
      if (more.dataset.nextDay && date <= more.dataset.nextDay) day.remove();
      else more.before(day);
    } else {
      const end = list.querySelector(".list-end");
      if (end) end.before(day);
      else list.append(day);
    }
  }
  // A page loaded later may bring a day already placed by a write: keep the one just loaded.
  const seen = new Map();
  for (const day of list.querySelectorAll("article.day")) {
    if (seen.has(day.id)) seen.get(day.id).remove();
    seen.set(day.id, day);
  }
}

// Where focus goes back when an inline editor or picker closes.
let opener = null;

document.addEventListener("htmx:beforeRequest", (event) => {
  const elt = event.detail.elt;
  // A second tap on a category chip closes the picker it opened instead of stacking another one.
  if (elt.matches && elt.matches("a.badge[hx-get]")) {
    const row = elt.closest("li.entry");
    const open = row && row.querySelector(".picker");
    if (open) {
      event.preventDefault();
      open.remove();
      elt.setAttribute("aria-expanded", "false");
      elt.focus();
      return;
    }
  }
  if (elt.matches && elt.matches("a.badge[hx-get], a.entry-open[hx-get]")) {
    opener = { id: elt.closest("li.entry")?.id, chip: elt.classList.contains("badge") };
  }
});

function focusOpener() {
  if (!opener || !opener.id) return;
  const row = document.getElementById(opener.id);
  const target = row && row.querySelector(opener.chip ? "a.badge" : "a.entry-open");
  if (target) target.focus();
  opener = null;
}

document.addEventListener("htmx:afterSettle", (event) => {
  placeNewDays();
  const elt = event.target;
  if (!(elt instanceof Element)) return;
  // Focus moves into what opened: the first field of the editor, the current choice of a picker.
  if (elt.matches("li.entry.editing")) {
    const first = elt.querySelector("input:not([type=hidden]), select, textarea");
    if (first) first.focus();
    return;
  }
  const picker = elt.matches(".picker") ? elt : elt.matches("li.entry") && elt.querySelector(":scope > .picker");
  if (picker) {
    const chip = picker.closest("li.entry")?.querySelector("a.badge");
    if (chip) chip.setAttribute("aria-expanded", "true");
    (picker.querySelector(".chip.current") || picker.querySelector("button")).focus();
    return;
  }
  // The row came back (saved, cancelled or re-categorised): focus returns to what opened it.
  if (elt.matches("li.entry") && opener && opener.id === elt.id) focusOpener();
});

// Closing an editor or picker: its 취소/× button, or Esc anywhere inside it.
function closeOpen(container) {
  if (container.matches(".picker")) {
    const row = container.closest("li.entry");
    container.remove();
    const chip = row && row.querySelector("a.badge");
    if (chip) {
      chip.setAttribute("aria-expanded", "false");
      chip.focus();
    }
    opener = null;
    return;
  }
  const cancel = container.querySelector("[data-close]");
  if (cancel) cancel.click();
}

document.addEventListener("click", (event) => {
  const close = event.target.closest(".picker [data-close]");
  if (close) {
    event.preventDefault();
    closeOpen(close.closest(".picker"));
  }
});

document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const open = event.target.closest && event.target.closest(".picker, li.entry.editing");
  const any = open || document.querySelector(".picker, li.entry.editing");
  if (!any) return;
  event.preventDefault();
  closeOpen(any);
});

// The toast (지웠어요 · 되돌리기, 고쳤어요 …) stays a few seconds, longer while it holds focus or the pointer.
let toastTimer = null;
function hideToastLater(toast, ms) {
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    if (toast.contains(document.activeElement) || toast.matches(":hover")) return hideToastLater(toast, 2000);
    toast.replaceChildren();
  }, ms);
}
document.addEventListener("htmx:oobAfterSwap", (event) => {
  const toast = document.getElementById("toast");
  if (!toast || event.detail.target !== toast) return;
  const undo = toast.querySelector(".undo button");
  // The row it was about is gone (deleted, or moved to another day or month): focus goes to the toast.
  if (undo && (document.activeElement === document.body || !document.activeElement.isConnected)) undo.focus();
  hideToastLater(toast, undo ? 8000 : 4000);
});
document.addEventListener("htmx:afterSwap", (event) => {
  if (event.detail.target && event.detail.target.id === "toast") hideToastLater(event.detail.target, 4000);
});
