/* Counter staff: today's queue of my counter; check-in by typed number or token (always)
   or by camera QR scan where the browser has BarcodeDetector; call next, served, no-show. */
import { get, post, request } from "../api.js";
import { announce, button, clear, h, nextId, toast } from "../dom.js";
import { date, text } from "../format.js";
import { t } from "../i18n.js";
import { hhmm, rememberTicketKey, staffNav, staffOnly, ticketChip, verifyTicket } from "../physical.js";
import { user } from "../session.js";

const REFRESH_MS = 30000;

function scanner(onToken, status) {
  if (!("BarcodeDetector" in window) || !navigator.mediaDevices) {
    return { node: h("p", { class: "hint" }, t("queue.scan_unavailable")), stop() {} };
  }
  const video = h("video", { playsinline: true, muted: true, "aria-label": t("queue.scan_video"), hidden: true });
  let stream = null;
  let timer = null;
  const toggle = button(t("queue.scan"), () => (stream ? stop() : start()), { "aria-pressed": "false" });
  async function start() {
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    } catch (error) {
      status.textContent = t("queue.camera_denied");
      return;
    }
    const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    video.srcObject = stream;
    video.hidden = false;
    await video.play().catch(() => {});
    toggle.textContent = t("queue.scan_stop");
    toggle.setAttribute("aria-pressed", "true");
    const look = async () => {
      if (!stream) return;
      try {
        const codes = await detector.detect(video);
        const code = codes.find((c) => c.rawValue);
        if (code) {
          stop();
          onToken(code.rawValue);
          return;
        }
      } catch (error) {
        /* frame not ready yet */
      }
      timer = setTimeout(look, 250);
    };
    look();
  }
  function stop() {
    clearTimeout(timer);
    if (stream) for (const track of stream.getTracks()) track.stop();
    stream = null;
    video.hidden = true;
    video.srcObject = null;
    toggle.textContent = t("queue.scan");
    toggle.setAttribute("aria-pressed", "false");
  }
  return { node: h("div", { class: "scanner" }, toggle, video), stop };
}

function row(item, act) {
  const actions = h("div", { class: "actions" });
  if (["checked_in", "called"].includes(item.status)) {
    actions.append(button(t("queue.served"), () => act("served", item),
        { class: "btn primary small", "aria-label": t("queue.served_named", { ticket: item.ticket_number }) }));
  }
  if (["booked", "checked_in", "called"].includes(item.status)) {
    actions.append(button(t("queue.no_show"), () => act("no-show", item),
        { class: "btn small danger", "aria-label": t("queue.no_show_named", { ticket: item.ticket_number }) }));
  }
  return h("li", { class: "card queue-row", "data-ticket": item.ticket_number, "data-status": item.status },
    h("h3", {}, h("span", { class: "tracking" }, item.ticket_number), " · ", item.resident_name || ""),
    h("p", {}, ticketChip(item.status), " ", h("span", { class: "muted" }, `${hhmm(item.start)} ${item.region.zone}`),
      item.resident_nik ? h("span", { class: "muted" }, ` · ${t("queue.nik", { nik: item.resident_nik })}`) : null),
    actions.childElementCount ? actions : null);
}

/* A number for someone at the counter without a booking; it uses the walk-in quota only. */
function walkIn(onIssued) {
  const me = user();
  const selectId = nextId("walkin");
  const select = h("select", { id: selectId, name: "service" });
  const form = h("form", { novalidate: true, class: "stack" },
    h("div", { class: "field" }, h("label", { for: selectId }, t("queue.walk_in_service")), select),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "btn" }, t("queue.walk_in_issue"))));
  const section = h("section", { "aria-labelledby": `${selectId}-h` },
    h("h2", { id: `${selectId}-h` }, t("queue.walk_in")), h("p", { class: "hint" }, t("queue.walk_in_intro")), form);
  if (!me || !me.agency || !me.region_code) {
    section.hidden = true;
    return section;
  }
  get(`/api/regions/${encodeURIComponent(me.region_code)}/services?agency=${encodeURIComponent(me.agency.code)}&per_page=100`)
    .then((data) => clear(select, data.items.map((s) => h("option", { value: String(s.id) }, text(s.name)))))
    .catch(() => { section.hidden = true; });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const item = await post("/api/officer/queue/walk-in", { service_id: Number(select.value) });
      const message = t("queue.walk_in_issued", { ticket: item.ticket_number });
      toast(message);
      announce(message);
      await onIssued();
    } catch (err) {
      toast(err.offline ? t("error.offline_action") : err.message, "error");
    }
  });
  return section;
}

export async function render(ctx) {
  if (!staffOnly(ctx, t("queue.title"))) return;
  const heading = h("h1", {}, t("queue.title"));
  const status = h("p", { role: "status", class: "muted" });
  const waiting = h("p", { class: "h3" });
  const list = h("ul", { class: "cards", "aria-label": t("queue.list") });
  const inputId = nextId("ticket");
  const errorId = `${inputId}-error`;
  const error = h("p", { class: "field-error", id: errorId, hidden: true });
  const input = h("input", { id: inputId, name: "ticket", autocomplete: "off", autocapitalize: "characters", spellcheck: "false",
      "aria-describedby": `${inputId}-hint` });
  const setError = (message) => {
    error.hidden = !message;
    error.textContent = message || "";
    if (message) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", `${inputId}-hint ${errorId}`);
    } else {
      input.removeAttribute("aria-invalid");
      input.setAttribute("aria-describedby", `${inputId}-hint`);
    }
  };

  let lastQueue = null;
  const offlineNote = h("p", { class: "notice", role: "status" });
  const load = async () => {
    rememberTicketKey(() => get("/api/bookings/public-key"));
    try {
      const { data } = await request("/api/officer/queue", { auth: true });
      if (!ctx.isCurrent()) return;
      lastQueue = data;
      heading.textContent = t("queue.date", { date: date(data.date) });
      waiting.textContent = t("queue.waiting_count", { n: data.waiting });
      callNext.disabled = data.waiting === 0;
      clear(list, data.items.map((item) => row(item, act)));
      status.textContent = data.items.length ? "" : t("queue.empty_day");
    } catch (err) {
      status.textContent = err.offline ? t("error.offline_nodata") : err.message;
    }
  };

  const checkIn = async (value) => {
    const entry = value.trim();
    if (!entry) {
      setError(t("validation.required"));
      input.focus();
      return;
    }
    const body = entry.startsWith("MPP1.") ? { token: entry } : { ticket_number: entry.toUpperCase() };
    try {
      const item = await post("/api/officer/queue/check-in", body);
      setError(null);
      offlineNote.textContent = "";
      input.value = "";
      const message = t("queue.checked_in", { ticket: item.ticket_number, name: item.resident_name });
      toast(message);
      announce(message);
      await load();
    } catch (err) {
      if (err.offline && body.token) await checkOffline(body.token);
      else setError(err.offline ? t("error.offline_action") : err.message);
      input.focus();
    }
  };

  /* No connection: the QR's signature and its day and counter can still be checked here. */
  const checkOffline = async (token) => {
    offlineNote.textContent = "";
    const payload = await verifyTicket(token);
    if (payload === undefined || !lastQueue) return setError(t("error.offline_action"));
    if (payload === null) return setError(t("queue.offline_forged"));
    const ticket = payload.tn;
    if (payload.c !== lastQueue.counter.id) return setError(t("queue.offline_other_counter", { ticket }));
    if (payload.d !== lastQueue.date) return setError(t("queue.offline_other_day", { ticket, date: date(payload.d) }));
    setError(null);
    offlineNote.textContent = t("queue.offline_valid", { ticket, when: `${date(payload.d)} ${payload.s}` });
  };

  async function act(kind, item) {
    try {
      await post(`/api/officer/queue/${item.id}/${kind}`, {});
      const message = t(kind === "served" ? "queue.marked_served" : "queue.marked_no_show", { ticket: item.ticket_number });
      toast(message);
      announce(message);
      await load();
    } catch (err) {
      toast(err.offline ? t("error.offline_action") : err.message, "error");
    }
  }

  const scan = scanner((token) => checkIn(token), status);
  const form = h("form", { novalidate: true, class: "stack" },
    h("div", { class: "field" }, h("label", { for: inputId }, t("queue.ticket_input")),
      h("p", { class: "hint", id: `${inputId}-hint` }, t("queue.ticket_hint")), input, error),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "btn primary" }, t("queue.checkin_submit")), scan.node));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    checkIn(input.value);
  });
  const callNext = button(t("queue.call_next"), async () => {
    try {
      const item = await post("/api/officer/queue/call-next", {});
      const message = t("queue.called", { ticket: item.ticket_number, name: item.resident_name });
      toast(message);
      announce(message);
      await load();
    } catch (err) {
      toast(err.offline ? t("error.offline_action") : err.message, "error");
    }
  }, { class: "btn primary big" });

  clear(ctx.main, staffNav("/petugas/antrian"), heading,
    h("section", { "aria-labelledby": `${inputId}-h` }, h("h2", { id: `${inputId}-h` }, t("queue.checkin")),
      h("p", { class: "hint" }, t("queue.checkin_intro")), form, offlineNote),
    walkIn(() => load()),
    h("h2", {}, t("queue.list")), waiting, callNext, status,
    h("div", { class: "actions" }, button(t("queue.refresh"), load, { class: "btn small" })), list);
  await load();
  const timer = setInterval(() => document.visibilityState === "visible" && load(), REFRESH_MS);
  return () => {
    clearInterval(timer);
    scan.stop();
  };
}
