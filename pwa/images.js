/* Client-side downscaling: a phone photo leaves the device at roughly 300 KB or less. */
export const TARGET_BYTES = 300 * 1024;
const MAX_SIDE = 1600;

function toBlob(canvas, quality) {
  return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", quality));
}

export async function downscale(file) {
  if (!file.type.startsWith("image/") || file.type === "image/svg+xml" || file.size <= TARGET_BYTES) return file;
  const bitmap = await createImageBitmap(file);
  let scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  let best = null;
  for (let attempt = 0; attempt < 6; attempt += 1) {
    const canvas = document.createElement("canvas");
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    for (const quality of [0.82, 0.7, 0.55]) {
      best = await toBlob(canvas, quality);
      if (best && best.size <= TARGET_BYTES) break;
    }
    if (best && best.size <= TARGET_BYTES) break;
    scale *= 0.75;
  }
  bitmap.close();
  const name = file.name.replace(/\.[^.]+$/, "") + ".jpg";
  return new File([best], name, { type: "image/jpeg", lastModified: Date.now() });
}
