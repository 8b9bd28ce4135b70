/* Notifications inbox: newest first, unread marked, open marks as read. */
import { request } from "../api.js";
import { button, clear, h } from "../dom.js";
import { dateTime } from "../format.js";
import { t } from "../i18n.js";
import { currentRegion } from "../state.js";

export async function unreadCount() {
  const { data } = await request("/api/notifications?per_page=1", { auth: true });
  return data.unread || 0;
}

function item(n, region, ctx) {
  const open = async (event) => {
    event.preventDefault();
    if (!n.read_at) {
      try {
        await request(`/api/notifications/${n.id}/read`, { method: "POST", auth: true, body: {} });
        window.dispatchEvent(new CustomEvent("mpp:inbox"));
      } catch (error) {
        /* offline: it stays unread until the next visit */
      }
    }
    const target = n.url && n.url.startsWith("/") && !n.url.startsWith("//") ? n.url : n.application_id
      ? `/permohonan/${n.application_id}` : null;
    if (target) ctx.navigate(target);
  };
  return h(
    "li",
    { class: `card${n.read_at ? "" : " unread"}` },
    h("h2", { class: "h3" }, h("a", { href: n.url || "#", class: "stretch", onclick: open }, n.title),
      n.read_at ? null : h("span", { class: "chip ok" }, t("inbox.new"))),
    h("p", {}, n.body),
    h("p", { class: "muted" }, h("time", { datetime: n.created_at }, dateTime(n.created_at, region))),
  );
}

export async function render(ctx) {
  clear(ctx.main, h("h1", {}, t("inbox.title")), h("p", { class: "muted" }, t("loading")));
  let data;
  let cachedAt;
  try {
    ({ data, cachedAt } = await request("/api/notifications?per_page=50", { auth: true }));
  } catch (error) {
    clear(ctx.main, h("h1", {}, t("inbox.title")), h("p", { class: "error" }, error.offline ? t("error.offline_nodata") : error.message));
    return;
  }
  if (!ctx.isCurrent()) return;
  const region = await currentRegion();
  const readAll = button(t("inbox.read_all"), async () => {
    try {
      await request("/api/notifications/read-all", { method: "POST", auth: true, body: {} });
      window.dispatchEvent(new CustomEvent("mpp:inbox"));
      render(ctx);
    } catch (error) {
      readAll.textContent = t("error.offline_action");
    }
  });
  clear(
    ctx.main,
    h("h1", {}, t("inbox.title")),
    cachedAt !== null ? h("p", { class: "stale" }, t("stale.label", { when: dateTime(cachedAt, region) })) : null,
    data.unread ? h("p", {}, t("inbox.unread", { n: data.unread }), " ", readAll) : null,
    data.items.length ? h("ul", { class: "cards" }, data.items.map((n) => item(n, region, ctx))) : h("p", {}, t("inbox.empty")),
  );
}
