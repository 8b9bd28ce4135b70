/* The document vault: upload or take a photo (downscaled first), list, preview, delete. */
import { request } from "../api.js";
import { button, clear, h, nextId, toast, announce } from "../dom.js";
import { bytes, dateTime } from "../format.js";
import { t } from "../i18n.js";
import { downscale } from "../images.js";
import { currentRegion } from "../state.js";

export const DOCUMENT_TYPES = ["ktp", "kk", "akta_kelahiran", "akta_nikah", "pas_foto", "npwp", "paspor", "sim", "ijazah", "str",
  "sertifikat_tanah", "gambar_bangunan", "surat_keterangan", "surat_pengantar", "lainnya"];

export async function listDocuments() {
  return (await request("/api/documents", { auth: true })).data.items;
}

export async function uploadDocument(file, documentType) {
  const form = new FormData();
  const small = await downscale(file);
  form.append("file", small, small.name);
  form.append("document_type", documentType);
  return (await request("/api/documents", { method: "POST", body: form, auth: true })).data;
}

async function preview(doc, slot) {
  try {
    const blob = (await request(`/api/documents/${doc.id}/content`, { auth: true })).data;
    const url = URL.createObjectURL(blob);
    const close = button(t("vault.close_preview"), () => {
      URL.revokeObjectURL(url);
      slot.replaceChildren();
    });
    const body = doc.content_type.startsWith("image/")
      ? h("img", { src: url, alt: t("vault.preview_alt", { type: t(`doc.${doc.document_type}`) }), class: "preview" })
      : h("a", { href: url, download: doc.filename, class: "btn" }, t("vault.open_file"));
    clear(slot, h("figure", {}, body, h("figcaption", {}, doc.filename)), close);
    close.focus();
  } catch (error) {
    toast(error.offline ? t("error.offline_action") : error.message, "error");
  }
}

function item(doc, region, reload) {
  const slot = h("div", { class: "preview-slot" });
  const typeLabel = t(`doc.${doc.document_type}`);
  return h(
    "li",
    { class: "card doc" },
    h("h3", {}, typeLabel),
    h("p", { class: "muted" }, `${doc.filename} · ${bytes(doc.size)} · ${dateTime(doc.created_at, region)}`),
    h("div", { class: "actions" },
      button(t("vault.preview"), () => preview(doc, slot), { "aria-label": t("vault.preview_named", { name: typeLabel }) }),
      button(t("vault.delete"), async () => {
        if (!confirm(t("vault.confirm_delete", { name: typeLabel }))) return;
        try {
          await request(`/api/documents/${doc.id}`, { method: "DELETE", auth: true });
          announce(t("vault.deleted"));
          reload();
        } catch (error) {
          toast(error.offline ? t("error.offline_action") : error.message, "error");
        }
      }, { class: "btn danger", "aria-label": t("vault.delete_named", { name: typeLabel }) })),
    slot,
  );
}

export async function renderVault(container) {
  const region = await currentRegion();
  const list = h("ul", { class: "cards" });
  const status = h("p", { role: "status", class: "muted" });
  const reload = async () => {
    try {
      const docs = await listDocuments();
      clear(list, docs.map((d) => item(d, region, reload)));
      status.textContent = docs.length ? "" : t("vault.empty");
    } catch (error) {
      status.textContent = error.offline ? t("error.offline_nodata") : error.message;
    }
  };
  const typeId = nextId("jenis");
  const type = h("select", { id: typeId }, DOCUMENT_TYPES.map((d) => h("option", { value: d }, t(`doc.${d}`))));
  const onFile = async (event) => {
    const file = event.target.files[0];
    event.target.value = "";
    if (!file) return;
    status.textContent = t("vault.uploading");
    try {
      await uploadDocument(file, type.value);
      toast(t("vault.uploaded"));
      await reload();
    } catch (error) {
      status.textContent = error.offline ? t("error.offline_action") : error.message;
    }
  };
  const cameraId = nextId("kamera");
  const fileId = nextId("berkas");
  clear(
    container,
    h("h2", { id: "dokumen" }, t("vault.title")),
    h("p", {}, t("vault.intro")),
    h("div", { class: "field" }, h("label", { for: typeId }, t("vault.type")), type),
    h("div", { class: "actions" },
      h("input", { type: "file", id: cameraId, accept: "image/*", capture: "environment", class: "visually-hidden", onchange: onFile }),
      h("label", { for: cameraId, class: "btn" }, t("vault.camera")),
      h("input", { type: "file", id: fileId, accept: "image/*,application/pdf", class: "visually-hidden", onchange: onFile,
          "data-testid": "vault-file" }),
      h("label", { for: fileId, class: "btn primary" }, t("vault.choose_file"))),
    status,
    list,
  );
  await reload();
}
