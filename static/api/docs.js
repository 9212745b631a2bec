// The API description, fetched from the server and shown for people: every endpoint with its
// parameters, body and answers, then every named schema.
import { el, inline, prose, resolve, schemaLink, schemaView, summary } from './schema.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function operations(doc) {
  const list = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      if (item[method]) list.push({ path, method, op: item[method], shared: item.parameters ?? [] });
    }
  }
  return list;
}

const anchor = ({ method, path, op }) => 'op-' + (op.operationId ?? (method + path).replace(/[^A-Za-z0-9]+/g, '-'));

/** A Reference Object followed, its own summary and description kept over the target's. */
function deref(doc, node) {
  if (!node?.$ref) return node;
  const target = resolve(doc, node.$ref) ?? {};
  return { ...target, ...(node.description ? { description: node.description } : {}) };
}

/** A path that a narrow column may break after each slash. */
const breakable = (path) => path.split('/').flatMap((part, i) => (i === 0 ? [part] : [el('wbr'), '/' + part]));

function contents(doc, ops) {
  const byTag = new Map();
  for (const entry of ops) {
    const tag = entry.op.tags?.[0] ?? 'other';
    if (!byTag.has(tag)) byTag.set(tag, []);
    byTag.get(tag).push(entry);
  }
  const nav = document.getElementById('contents');
  nav.replaceChildren(el('h2', {}, 'Endpoints'), ...[...byTag].map(([tag, entries]) => el('section', {},
    el('h3', {}, tag),
    el('ul', {}, entries.map((entry) => el('li', {}, el('a', { href: '#' + anchor(entry) },
      el('span', { class: 'method ' + entry.method }, entry.method.toUpperCase()), ' ', el('span', {}, breakable(entry.path)))))))),
  el('h2', {}, el('a', { href: '#schemas' }, 'Schemas')));
}

function security(doc, op) {
  const requirements = op.security ?? doc.security ?? [];
  if (requirements.length === 0) return null;
  const schemes = doc.components?.securitySchemes ?? {};
  const names = requirements.map((r) => Object.keys(r));
  const ways = names.filter((n) => n.length).map((n) => n.map((name) => {
    const s = schemes[name] ?? {};
    return s.type === 'http' ? `Authorization: ${s.scheme === 'bearer' ? 'Bearer' : s.scheme} <token>`
      : s.in ? `${s.in} ${s.name}` : name;
  }).join(' and '));
  const optional = names.some((n) => n.length === 0);
  return el('p', { class: 'security' }, optional ? 'Optional credentials: ' : 'Credentials: ',
    ways.flatMap((w, i) => (i === 0 ? [el('code', {}, w)] : [' or ', el('code', {}, w)])));
}

function parameters(doc, entry) {
  const params = [...entry.shared, ...(entry.op.parameters ?? [])].map((p) => deref(doc, p));
  if (params.length === 0) return null;
  return el('section', { class: 'part' }, el('h4', {}, 'Parameters'),
    el('table', { class: 'params' },
      el('thead', {}, el('tr', {}, el('th', {}, 'name'), el('th', {}, 'in'), el('th', {}, 'schema'), el('th', {}, 'description'))),
      el('tbody', {}, params.map((p) => el('tr', {},
        el('td', {}, el('code', {}, p.name), p.required ? el('span', { class: 'required' }, 'required') : null),
        el('td', {}, p.in),
        el('td', {}, summary(p.schema)),
        el('td', {}, p.description ? inline(p.description) : ''))))));
}

function content(doc, media) {
  return Object.entries(media ?? {}).map(([type, m]) => el('div', { class: 'content' },
    el('div', { class: 'media' }, el('code', {}, type)),
    m.schema ? schemaView(m.schema) : null));
}

function requestBody(doc, op) {
  const body = deref(doc, op.requestBody);
  if (!body) return null;
  return el('section', { class: 'part' }, el('h4', {}, 'Request body', body.required ? ' (required)' : ''),
    body.description ? prose(body.description) : null, content(doc, body.content));
}

function responses(doc, op) {
  return el('section', { class: 'part' }, el('h4', {}, 'Answers'),
    el('dl', { class: 'responses' }, Object.entries(op.responses ?? {}).map(([status, raw]) => {
      const response = deref(doc, raw);
      const headers = Object.entries(response.headers ?? {}).map(([name, h]) => {
        const header = deref(doc, h);
        return el('li', {}, 'header ', el('code', {}, name), ' ', summary(header.schema),
          header.description ? [' — ', inline(header.description)] : null);
      });
      return [el('dt', { class: 'status s' + status[0] }, status),
        el('dd', {}, prose(response.description), headers.length ? el('ul', { class: 'headers' }, headers) : null,
          content(doc, response.content))];
    })));
}

function operation(doc, entry) {
  const { method, path, op } = entry;
  return el('section', { class: 'operation', id: anchor(entry) },
    el('h3', {}, el('span', { class: 'method ' + method }, method.toUpperCase()), ' ', el('code', { class: 'path' }, path)),
    op.summary ? el('p', { class: 'lead' }, inline(op.summary)) : null,
    prose(op.description, 'h4'),
    security(doc, op), parameters(doc, entry), requestBody(doc, op), responses(doc, op));
}

function schemas(doc) {
  const named = Object.entries(doc.components?.schemas ?? {});
  return el('section', { id: 'schemas' }, el('h2', {}, 'Schemas'),
    named.map(([name, schema]) => el('section', { class: 'named-schema', id: 'schema-' + name },
      el('h3', {}, schemaLink('#/components/schemas/' + name)), schemaView(schema))));
}

function render(doc) {
  const ops = operations(doc);
  contents(doc, ops);
  const info = doc.info ?? {};
  document.title = `${info.title ?? 'API'} ${info.version ?? ''}`.trim();
  document.getElementById('doc').replaceChildren(
    el('header', { class: 'intro' }, el('h1', {}, info.title ?? 'API', ' ', el('span', { class: 'version' }, info.version ?? '')),
      info.summary ? el('p', { class: 'lead' }, inline(info.summary)) : null,
      el('p', { class: 'meta' }, `OpenAPI ${doc.openapi ?? '?'} · ${ops.length} operations`),
      prose(info.description, 'h2')),
    el('section', { id: 'operations' }, ops.map((entry) => operation(doc, entry))),
    schemas(doc));
  if (location.hash) document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView();
}

async function load() {
  const status = document.getElementById('status');
  try {
    const response = await fetch('/sell/api/openapi.json', { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`the server answered ${response.status}`);
    render(await response.json());
    document.body.dataset.state = 'ready';
  } catch (e) {
    status.textContent = `The API description could not be loaded: ${e.message}`;
    document.body.dataset.state = 'failed';
  }
}

load();
