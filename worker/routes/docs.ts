/**
 * `GET /openapi.json` and `GET /docs`: the document, and a page rendering it on the server
 * (plain HTML and CSS, no script, no CDN), so it works with no internet access. The document is
 * generated from the route table at build time (`npm run openapi`), so the Worker ships JSON, not
 * the schema converter.
 */
import type { MiddlewareHandler } from 'hono';
import { html, raw } from 'hono/html';
import type { GatewayBindings } from '../bindings.ts';
import document from '../openapi.json' with { type: 'json' };

/** `GET /openapi.json`. */
export const serveOpenApi: readonly MiddlewareHandler<GatewayBindings>[] = [async (c) => c.json(document)];

type Op = { summary: string; description?: string; security: Record<string, unknown>[]; parameters?: { name: string; in: string; description?: string }[]; responses: Record<string, { description: string }> };
type Doc = { info: { title: string; description: string }; paths: Record<string, Record<string, Op>>; components: { schemas: Record<string, unknown> } };

/** What a caller must show, in words. */
const AUTH_TEXT: Record<string, string> = { bearer: 'bearer token', signature: 'PassTo signature' };

/** `GET /docs`: the page, rendered once per isolate. */
export const serveDocsPage: readonly MiddlewareHandler<GatewayBindings>[] = [
  async (c) => {
    page ??= renderPage(document as unknown as Doc);
    return c.html(page);
  },
];

let page: string | undefined;

function renderPage(doc: Doc): string {
  const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(
      ([method, op]) => html`<section>
        <h2><span class="m ${method}">${method.toUpperCase()}</span> <code>${path}</code></h2>
        <p>${op.summary}${op.security.flatMap(Object.keys).map((scheme) => html` <em>(${AUTH_TEXT[scheme] ?? scheme})</em>`)}</p>
        ${op.description ? html`<p class="d">${op.description}</p>` : ''}
        ${op.parameters ? html`<ul>${op.parameters.map((p) => html`<li><code>${p.name}</code> (${p.in}): ${p.description ?? ''}</li>`)}</ul>` : ''}
        <table>${Object.entries(op.responses).map(([status, r]) => html`<tr><td>${status}</td><td>${r.description}</td></tr>`)}</table>
      </section>`,
    ),
  );
  const schemas = Object.entries(doc.components.schemas).map(
    ([name, schema]) => html`<details id="${name}"><summary>${name}</summary><pre>${JSON.stringify(schema, null, 2)}</pre></details>`,
  );
  return String(html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${doc.info.title}</title>
<style>${raw(STYLE)}</style></head>
<body><main><h1>${doc.info.title}</h1><p>${doc.info.description} Machine-readable: <a href="/openapi.json">/openapi.json</a>.</p>
${operations}
<h2>Schemas</h2>${schemas}</main></body></html>`);
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f7f7f8;color:#1d1d1f}main{max-width:860px;margin:auto;padding:24px}
section{background:#fff;border:1px solid #e3e3e6;border-radius:8px;padding:4px 16px;margin:12px 0}h2{font-size:17px}
.m{display:inline-block;min-width:54px;text-align:center;border-radius:4px;color:#fff;font-size:12px;padding:2px 6px}
.get{background:#2b7de9}.post{background:#1a9a5b}table{border-collapse:collapse}td{padding:2px 12px 2px 0;vertical-align:top}
.d{color:#555}pre{background:#fff;border:1px solid #e3e3e6;padding:8px;overflow:auto;font-size:12px}details{margin:6px 0}`;
