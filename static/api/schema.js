// Text and schemas of the API description as DOM nodes. Everything from the document becomes text
// nodes or attribute values, never markup.

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** `code` and [text](https://…) within a line of the document's descriptions. */
export function inline(text) {
  const parts = [];
  const pattern = /`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    parts.push(text.slice(last, m.index));
    if (m[1] !== undefined) parts.push(el('code', {}, m[1]));
    else if (/^https?:\/\//.test(m[3])) parts.push(el('a', { href: m[3], rel: 'noreferrer' }, m[2]));
    else parts.push(m[2] === m[3] ? el('code', {}, m[2]) : [m[2], ' (', el('code', {}, m[3]), ')']);
    last = pattern.lastIndex;
  }
  parts.push(text.slice(last));
  return parts;
}

/** Paragraphs, "## " headings and "- " lists of a description. */
export function prose(text, headingTag = 'h3') {
  if (!text) return [];
  const nodes = [];
  for (const block of String(text).split(/\n\s*\n/)) {
    const lines = block.split('\n');
    if (lines[0].startsWith('## ')) {
      nodes.push(el(headingTag, {}, inline(lines.shift().slice(3))));
      if (lines.length === 0) continue;
    }
    if (lines.every((line) => line.startsWith('- '))) {
      nodes.push(el('ul', {}, lines.map((line) => el('li', {}, inline(line.slice(2))))));
    } else {
      nodes.push(el('p', {}, inline(lines.join(' '))));
    }
  }
  return nodes;
}

/** A JSON pointer of the document ("#/components/schemas/Order"), followed. */
export function resolve(doc, ref) {
  return ref.replace(/^#\//, '').split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((node, key) => (node == null ? undefined : node[key]), doc);
}

export const refName = (ref) => ref.slice(ref.lastIndexOf('/') + 1);

export function schemaLink(ref) {
  return el('a', { class: 'ref', href: '#schema-' + refName(ref) }, refName(ref));
}

/** What a schema is, in one line: its type and constraints; named schemas are links. */
export function summary(schema) {
  if (!schema || typeof schema !== 'object') return [];
  if (schema.$ref) return [schemaLink(schema.$ref), schema.description ? [' — ', inline(schema.description)] : []];
  const parts = [];
  const types = [].concat(schema.type ?? []);
  if (schema.const !== undefined) parts.push(el('code', {}, JSON.stringify(schema.const)));
  else if (types.includes('array')) parts.push('array of ', summary(schema.items ?? {}));
  else if (types.length) parts.push(el('span', { class: 'type' }, types.join(' or ')));
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    if (schema[key]) parts.push(key === 'allOf' ? 'all of ' : 'one of ', join(schema[key].map(summary), ' | '));
  }
  parts.push(constraints(schema).map((c) => [' ', el('span', { class: 'constraint' }, c)]));
  if (schema.description) parts.push(' — ', inline(schema.description));
  return parts;
}

function join(items, separator) {
  return items.flatMap((item, i) => (i === 0 ? [item] : [separator, item]));
}

function range(low, high, unit) {
  if (low !== undefined && high !== undefined) return `${low}..${high}${unit}`;
  if (low !== undefined) return `≥ ${low}${unit}`;
  return high !== undefined ? `≤ ${high}${unit}` : null;
}

function constraints(s) {
  return [
    s.format && `format ${s.format}`,
    s.enum && `one of ${s.enum.map((v) => JSON.stringify(v)).join(', ')}`,
    range(s.minLength, s.maxLength, ' characters'),
    range(s.minimum, s.maximum, ''),
    range(s.minItems, s.maxItems, ' items'),
    s.multipleOf !== undefined && `multiple of ${s.multipleOf}`,
    s.pattern && `pattern ${s.pattern}`,
    s.default !== undefined && `default ${JSON.stringify(s.default)}`,
  ].filter(Boolean);
}

/** A schema in full: its summary, then each property (nested objects and arrays of them opened). */
export function schemaView(schema, depth = 0) {
  const view = el('div', { class: 'schema' }, el('div', { class: 'summary' }, summary(schema)));
  const shape = schema?.type === 'array' && schema.items && !schema.items.$ref ? schema.items : schema;
  if (shape?.properties && depth < 4) {
    const required = new Set(shape.required ?? []);
    view.append(el('ul', { class: 'properties' }, Object.entries(shape.properties).map(([name, property]) =>
      el('li', {}, el('code', { class: 'name' }, name), ' ',
        required.has(name) ? el('span', { class: 'required' }, 'required') : el('span', { class: 'optional' }, 'optional'),
        property.properties || property.items?.properties ? schemaView(property, depth + 1) : el('span', {}, ' ', summary(property))))));
    if (shape.additionalProperties === false) view.append(el('p', { class: 'note' }, 'No other fields.'));
  }
  if (schema?.examples?.length) {
    view.append(el('pre', { class: 'example' }, JSON.stringify(schema.examples[0], null, 2)));
  }
  return view;
}
