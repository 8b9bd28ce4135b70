/* Screen 7b: one application: status, timeline with officer notes, revision and cancel. */
import { get, request } from "../api.js";
import { clear, h, link, toast } from "../dom.js";
import { breakable, date, dateTime, text } from "../format.js";
import { t } from "../i18n.js";
import { onChange } from "../outbox.js";
import { regionByCode } from "../state.js";
import { statusChip } from "./applications.js";

/* Field keys -> labels from the service's form (catalogue, cached); the key if unknown. */
async function fieldLabels(app) {
  try {
    const service = await get(`/api/services/${app.service.id}`);
    return Object.fromEntries(((service.form && service.form.fields) || []).map((f) => [f.key, text(f.label)]));
  } catch (error) {
    return {};
  }
}

function timeline(app, region, labels) {
  return h(
    "ol",
    { class: "timeline" },
    (app.history || []).map((event) =>
      h(
        "li",
        {},
        h("p", {}, statusChip(event.status), " ", h("time", { datetime: event.at }, dateTime(event.at, region))),
        event.actor_role ? h("p", { class: "muted" }, t(`actor.${event.actor_role}`)) : null,
        event.note ? h("blockquote", { class: "note" }, event.note) : null,
        event.fields_to_fix && event.fields_to_fix.length
          ? h("p", { class: "muted" }, t("revision.fields", { fields: event.fields_to_fix.map((k) => labels[k] || k).join(", ") })) : null,
      ),
    ),
  );
}

export async function render(ctx) {
  const [id] = ctx.params;
  let drawn = 0;
  const draw = async () => {
    const mine = ++drawn; // only the newest of overlapping redraws may paint
    let app;
    let cachedAt;
    try {
      ({ data: app, cachedAt } = await request(`/api/applications/${id}`, { auth: true }));
    } catch (error) {
      clear(ctx.main, h("h1", {}, t("application.title")),
        h("p", { class: "error" }, error.offline ? t("error.offline_nodata") : error.message));
      return;
    }
    if (!ctx.isCurrent()) return;
    const region = await regionByCode(app.region_code);
    const labels = await fieldLabels(app);
    if (mine !== drawn) return;
    const actions = h("div", { class: "actions" });
    if (app.status === "needs_revision") actions.append(link(`/permohonan/${app.id}/perbaiki`, t("revision.start"),
        { class: "btn primary" }));
    if (app.status === "completed") actions.append(link(`/survei/permohonan/${app.id}`, t("ticket.rate"), { class: "btn primary" }));
    actions.append(link(`/pengaduan/baru?tentang=application&id=${app.id}`, t("ticket.complain"), { class: "btn" }));
    if (app.status === "submitted") {
      const cancel = h("button", { type: "button", class: "btn danger" }, t("application.cancel"));
      cancel.addEventListener("click", async () => {
        if (!confirm(t("application.cancel_confirm"))) return;
        try {
          await request(`/api/applications/${app.id}/cancel`, { method: "POST", auth: true, body: {} });
          toast(t("application.cancelled"));
          draw();
        } catch (error) {
          toast(error.offline ? t("error.offline_action") : error.message, "error");
        }
      });
      actions.append(cancel);
    }
    clear(
      ctx.main,
      h("p", { class: "crumb" }, link("/permohonan", t("application.back"))),
      h("h1", {}, text(app.service.name)),
      cachedAt !== null ? h("p", { class: "stale" }, t("stale.label", { when: dateTime(cachedAt, region) })) : null,
      h("dl", { class: "summary" },
        h("dt", {}, t("application.tracking")), h("dd", { class: "tracking" }, breakable(app.tracking_number)),
        h("dt", {}, t("application.status")), h("dd", {}, statusChip(app.status)),
        h("dt", {}, t("application.mpp")), h("dd", {}, region ? region.mpp_name : app.region_code),
        h("dt", {}, t("application.received")), h("dd", {}, dateTime(app.received_at, region)),
        app.sla_due_date ? [h("dt", {}, t("application.due")), h("dd", {}, date(app.sla_due_date, region))] : null),
      app.status === "needs_revision" ? h("p", { class: "notice" }, t("revision.needed")) : null,
      actions,
      h("h2", {}, t("application.timeline")),
      timeline(app, region, labels),
    );
  };
  const stop = onChange((message) => {
    if (message && message.type === "delivered") draw();
  });
  await draw();
  return stop;
}
