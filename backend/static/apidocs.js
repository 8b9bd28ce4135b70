// Renders the OpenAPI document as a plain, readable list (no third-party code).
const el = (tag, text) => { const n = document.createElement(tag); if (text) n.textContent = text; return n; };

function schemaText(schema, spec) {
  if (!schema) return "";
  if (schema.$ref) {
    const name = schema.$ref.split("/").pop();
    const target = spec.components?.schemas?.[name];
    return name + (target ? " " + JSON.stringify(target.properties ? Object.keys(target.properties) : target, null, 0) : "");
  }
  return JSON.stringify(schema);
}

async function main() {
  const spec = await (await fetch("/api/openapi.json")).json();
  const root = document.getElementById("paths");
  root.textContent = "";
  for (const [path, ops] of Object.entries(spec.paths).sort()) {
    for (const [method, op] of Object.entries(ops)) {
      if (method === "parameters") continue;
      const section = el("section");
      section.append(el("h2", `${method.toUpperCase()} ${path}`));
      if (op.summary) section.append(el("p", op.summary));
      const params = [...(ops.parameters || []), ...(op.parameters || [])];
      if (params.length) {
        const list = el("ul");
        for (const p of params) list.append(el("li", `${p.in} ${p.name}${p.required ? " (required)" : ""}: ${schemaText(p.schema, spec)}`));
        section.append(list);
      }
      const body = op.requestBody?.content?.["application/json"]?.schema;
      if (body) section.append(el("p", "Body: " + schemaText(body, spec)));
      const codes = Object.keys(op.responses || {}).join(", ");
      if (codes) section.append(el("p", "Responses: " + codes));
      root.append(section);
    }
  }
}
main().catch((e) => { document.getElementById("paths").textContent = "Could not load the API document: " + e; });
