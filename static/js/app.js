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

// ---- Loading states on every htmx request -------------------------------------------------------
// The button that sent a form (or the link/button that asked) is disabled and shows a spinner until
// the answer is in; the page shows a thin progress bar. Works for every hx-post/hx-get on the site
// without a per-form attribute.
const busy = new Map(); // request element -> the controls disabled for it
let inFlight = 0;

function controlsFor(elt, submitter) {
  const form = elt instanceof HTMLFormElement ? elt : elt.closest && elt.closest("form");
  if (submitter) return [submitter];
  if (form && (elt === form || elt.type === "submit")) {
    return Array.from(form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]"));
  }
  if (elt.matches && elt.matches("button, a.button-link, a.small")) return [elt];
  return [];
}

document.addEventListener("htmx:beforeRequest", (event) => {
  const elt = event.detail.elt;
  const trigger = event.detail.requestConfig && event.detail.requestConfig.triggeringEvent;
  const submitter = trigger && trigger.submitter ? trigger.submitter : null;
  // Polling rows and "load more on reveal" are background reads: no spinner, nothing disabled.
  const background = !trigger || ["revealed", "intersect", "load"].includes(trigger.type);
  inFlight += 1;
  if (!background) document.body.classList.add("is-busy");
  if (background) return;
  const controls = controlsFor(elt, submitter).filter((c) => !c.disabled);
  controls.forEach((c) => {
    c.disabled = c.tagName === "BUTTON" || c.tagName === "INPUT";
    c.setAttribute("aria-busy", "true");
    c.classList.add("is-busy");
  });
  if (elt instanceof HTMLFormElement) elt.classList.add("is-busy");
  busy.set(elt, controls);
});

document.addEventListener("htmx:afterRequest", (event) => {
  const elt = event.detail.elt;
  inFlight = Math.max(0, inFlight - 1);
  if (!inFlight) document.body.classList.remove("is-busy");
  (busy.get(elt) || []).forEach((c) => {
    c.disabled = false;
    c.removeAttribute("aria-busy");
    c.classList.remove("is-busy");
  });
  if (elt instanceof HTMLFormElement) elt.classList.remove("is-busy");
  busy.delete(elt);
});

// ---- Errors: htmx swaps nothing for a 4xx/5xx answer or a lost connection, so say it here ----------
const MESSAGES = {
  400: "보낸 내용을 처리하지 못했어요. 내용을 확인하고 다시 시도해 주세요.",
  403: "이 일을 할 권한이 없어요. 다시 로그인했거나 가구가 바뀌었다면 페이지를 새로 고쳐 주세요.",
  404: "찾는 내용이 없어요. 이미 지워졌을 수 있어요.",
  413: "보낸 내용이 너무 커요. 더 작게 나눠서 보내 주세요.",
  429: "요청이 너무 잦아요. 잠시 뒤에 다시 시도해 주세요.",
};
const SERVER = "잠시 문제가 생겼어요. 잠시 뒤에 다시 시도해 주세요.";
const OFFLINE = "인터넷에 연결되어 있지 않아요. 연결을 확인하고 다시 시도해 주세요.";

function toast(message, kind) {
  const region = document.getElementById("toasts");
  if (!region) return;
  const box = document.createElement("div");
  box.className = "toast toast-" + kind;
  box.setAttribute("role", "alert");
  const text = document.createElement("p");
  text.textContent = message;
  const close = document.createElement("button");
  close.type = "button";
  close.textContent = "닫기";
  close.addEventListener("click", () => box.remove());
  box.append(text, close);
  region.querySelectorAll(".toast-error").forEach((old) => old.remove());
  region.append(box);
  setTimeout(() => box.remove(), 8000);
}

document.addEventListener("htmx:responseError", (event) => {
  const status = event.detail.xhr.status;
  // A refusal the server wrote as one short Korean sentence (a service's Refused) says more than ours.
  const body = (event.detail.xhr.responseText || "").trim();
  const sentence = status < 500 && body.length <= 300 && !body.includes("<") && /[가-힣]/.test(body) ? body : "";
  toast(sentence || MESSAGES[status] || (status >= 500 ? SERVER : MESSAGES[400]), "error");
});
document.addEventListener("htmx:sendError", () => toast(OFFLINE, "error"));
document.addEventListener("htmx:timeout", () => toast(SERVER, "error"));

// ---- Installable app: the service worker caches the shell and the offline page, never ledger data ----
if ("serviceWorker" in navigator && window.isSecureContext) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {});
  });
}

// ---- The small menu (<details class="menu">): Esc or a tap outside closes it, focus back on its button ----
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  const menu = document.querySelector("details.menu[open]");
  if (!menu) return;
  menu.open = false;
  menu.querySelector("summary").focus();
});
document.addEventListener("click", (event) => {
  const menu = document.querySelector("details.menu[open]");
  if (menu && !menu.contains(event.target)) menu.open = false;
});
