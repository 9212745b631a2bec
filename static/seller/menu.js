// The Menu view: every category with its products, edited in place. A field is saved when it
// changes (Enter or leaving it), checked first by the server's own rules (checks.js); a refusal,
// ours or the server's, is shown next to the field. Other tabs' changes arrive as product.updated
// and category.updated events; orders move stock without one, so order events re-read the menu.
import * as api from './api.js';
import * as checks from './checks.js';
import { Soon } from './soon.js';
import { el, money } from './view.js';

const REFRESH_MS = 500;
const SAVED_MS = 1500;
const LABELS = {
  productName: 'Name', productPrice: 'Price', productStock: 'Stock', categoryType: 'Category',
  productDescription: 'Description', categoryName: 'Name', productStatus: 'Status',
};
let ids = 0;

/** A labelled input with the place its refusal is shown. */
function field(name, input, label = LABELS[name]) {
  const id = `f${++ids}`;
  input.id = id;
  input.name = name;
  input.setAttribute('aria-describedby', `${id}-error`);
  return el('div', { class: `field field-${name}` },
    el('label', { for: id }, label), input,
    el('span', { class: 'field-error', id: `${id}-error`, role: 'alert' }));
}

function textInput(props = {}) {
  return el('input', { type: 'text', autocomplete: 'off', spellcheck: 'false', ...props });
}

/** The name a field goes by on screen: its label's own text. */
function labelOf(input) {
  const label = input.id && document.querySelector(`label[for="${input.id}"]`);
  return label ? label.firstChild.textContent.trim() : LABELS[input.name] || input.name;
}

function showError(input, message) {
  const error = document.getElementById(`${input.id}-error`);
  error.textContent = message || '';
  if (message) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

/** Checks a product field as the server would: { value } or { error }. */
function check(name, raw) {
  switch (name) {
    case 'productName': return checks.text(raw, 64);
    case 'productPrice': return checks.price(raw);
    case 'productStock': return checks.stock(raw);
    case 'categoryType': return checks.categoryType(raw);
    case 'productDescription': return checks.optionalText(raw, 500);
    case 'categoryName': return checks.text(raw, 64);
    default: return { value: raw };
  }
}

/** What an input shows for a value of the product. */
function shown(name, product) {
  if (name === 'productPrice') return money(product.productPrice);
  return String(product[name] ?? '');
}

/** The field a refusal is about (the server's word, else the one sent) and its message in the field's words. */
function serverError(error, fallbackField, root) {
  const name = error.field || fallbackField;
  const input = name && root.querySelector(`[name="${name}"]`);
  return { name, input, message: checks.serverMessage(error, error.field, input ? labelOf(input) : name) };
}

export class MenuView {
  constructor(root) {
    this.root = root;
    this.list = root.querySelector('#menu-categories');
    this.error = root.querySelector('#menu-error');
    this.productForm = root.querySelector('#add-product');
    this.categoryForm = root.querySelector('#add-category');
    this.products = new Map(); // productId → product as the server last said
    this.categories = new Map(); // categoryType → name
    this.rows = new Map(); // productId → li
    this.sections = new Map(); // categoryType → section
    this.reread = new Soon(REFRESH_MS, () => {
      if (this.visible) this.load();
    });
    this.generation = 0;
    this.wireForms();
  }

  get visible() {
    return !this.root.hidden;
  }

  async show() {
    this.root.hidden = false;
    await this.load();
  }

  hide() {
    this.root.hidden = true;
  }

  clear() {
    this.generation += 1;
    this.reread.cancel();
    this.products.clear();
    this.categories.clear();
    this.rows.clear();
    this.sections.clear();
    this.list.replaceChildren();
    this.hide();
  }

  async load() {
    const generation = ++this.generation;
    // events that arrive while the lists are read may be newer than them: applied again after
    this.recent = [];
    try {
      const [{ categories }, { products }] = await Promise.all([api.categories(), api.products()]);
      if (generation !== this.generation) return;
      this.error.hidden = true;
      for (const category of categories) this.category(category);
      for (const product of products) this.product(product);
      const recent = this.recent;
      this.recent = null;
      for (const msg of recent) this.apply(msg);
    } catch (error) {
      if (generation !== this.generation || error.status === 401) return;
      this.error.textContent = `Could not load the menu: ${error.message}`;
      this.error.hidden = false;
    } finally {
      if (generation === this.generation) this.recent = null;
    }
  }

  /** An order changed stock somewhere: read the menu again soon (one read for a burst). */
  ordersChanged() {
    if (this.visible) this.reread.request();
  }

  /** A menu event from any tab. */
  apply(msg) {
    this.recent?.push(msg);
    if (msg.type === 'product.updated' && msg.product) this.product(msg.product);
    else if (msg.type === 'category.updated' && msg.category) this.category(msg.category);
  }

  // ---- categories

  category({ categoryType, categoryName }) {
    this.categories.set(categoryType, categoryName);
    let section = this.sections.get(categoryType);
    if (!section) {
      section = this.categorySection(categoryType);
      this.sections.set(categoryType, section);
      const after = [...this.sections.keys()].filter((t) => t > categoryType).sort((a, b) => a - b)[0];
      this.list.insertBefore(section, after === undefined ? null : this.sections.get(after));
      this.refreshCategoryChoices();
    }
    const heading = section.querySelector('.category-name');
    if (heading.textContent !== categoryName) {
      heading.textContent = categoryName;
      this.refreshCategoryChoices();
    }
    this.suggestCategoryType();
  }

  categorySection(type) {
    const rename = textInput({ maxlength: 200 });
    const form = el('form', { class: 'rename', novalidate: true, hidden: true },
      field('categoryName', rename, 'New name'),
      el('button', { type: 'submit', class: 'primary' }, 'Save'),
      el('button', { type: 'button', class: 'quiet', data: { act: 'cancel' } }, 'Cancel'));
    const renameButton = el('button', { type: 'button', class: 'quiet small', data: { act: 'rename' } }, 'Rename');
    const section = el('section', { class: 'category card', data: { categoryType: type, empty: 'true' } },
      el('header', { class: 'category-head' },
        el('h3', { class: 'category-name' }),
        el('span', { class: 'category-type', title: 'Category number' }, `#${type}`),
        renameButton),
      form,
      el('div', { class: 'product-head', 'aria-hidden': 'true' },
        el('span', {}, 'Name'), el('span', { class: 'num' }, 'Price'), el('span', { class: 'num' }, 'Stock'),
        el('span', {}, 'Category'), el('span', {})),
      el('ul', { class: 'products', 'aria-label': 'Products' }),
      el('p', { class: 'empty small' }, 'No products in this category yet.'));
    renameButton.addEventListener('click', () => {
      form.hidden = false;
      renameButton.hidden = true;
      rename.value = this.categories.get(type) || '';
      showError(rename, '');
      rename.focus();
      rename.select();
    });
    const close = () => {
      form.hidden = true;
      renameButton.hidden = false;
      renameButton.focus();
    };
    form.querySelector('[data-act="cancel"]').addEventListener('click', close);
    form.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') close();
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const checked = check('categoryName', rename.value);
      showError(rename, checked.error && `${labelOf(rename)} ${checked.error}`);
      if (checked.error) return;
      try {
        this.category(await api.renameCategory(type, checked.value));
        close();
      } catch (error) {
        if (error.status !== 401) showError(rename, serverError(error, 'categoryName', form).message);
      }
    });
    return section;
  }

  refreshCategoryChoices() {
    for (const select of this.root.querySelectorAll('select[name="categoryType"]')) {
      const chosen = select.value;
      select.replaceChildren(...this.categoryOptions());
      if (chosen !== '') select.value = chosen;
    }
  }

  categoryOptions() {
    return [...this.categories.entries()].sort(([a], [b]) => a - b)
      .map(([type, name]) => el('option', { value: type }, name));
  }

  // the add-category form offers the next free number; any free number may be typed
  suggestCategoryType() {
    const input = this.categoryForm.elements.categoryType;
    if (input.dataset.typed) return;
    input.value = String(this.categories.size ? Math.max(...this.categories.keys()) + 1 : 1);
  }

  // ---- products

  product(product) {
    this.products.set(product.productId, product);
    let row = this.rows.get(product.productId);
    if (!row) {
      row = this.productRow(product);
      this.rows.set(product.productId, row);
    }
    this.place(row, product);
    this.fill(row, product);
  }

  /** Puts the row in its category's list, in name order. */
  place(row, product) {
    if (!this.sections.has(product.categoryType)) {
      this.category({ categoryType: product.categoryType, categoryName: `Category ${product.categoryType}` });
    }
    const section = this.sections.get(product.categoryType);
    const list = section.querySelector('.products');
    const before = [...list.children].find((other) => other !== row
      && this.products.get(other.dataset.productId).productName.localeCompare(product.productName) > 0);
    const focused = row.contains(document.activeElement) ? document.activeElement : null;
    if (row.parentNode !== list || row.nextSibling !== (before || null)) list.insertBefore(row, before || null);
    if (focused && document.activeElement !== focused) focused.focus();
    for (const [, other] of this.sections) other.dataset.empty = String(!other.querySelector('.products').children.length);
  }

  productRow(product) {
    const row = el('li', { class: 'product', data: { productId: product.productId } });
    const inputs = [
      field('productName', textInput({ maxlength: 200 })),
      field('productPrice', textInput({ inputmode: 'decimal' })),
      field('productStock', textInput({ inputmode: 'numeric' })),
      field('categoryType', el('select', {}, this.categoryOptions())),
    ];
    const soldOut = el('button', { type: 'button', data: { act: 'sold-out' }, title: 'Set the stock to 0' }, 'Sold out');
    const sale = el('button', { type: 'button', class: 'sale', data: { act: 'sale' }, id: `f${++ids}` });
    sale.setAttribute('aria-describedby', `${sale.id}-error`);
    row.append(...inputs,
      el('div', { class: 'product-actions' }, el('span', { class: 'saved', role: 'status' }), soldOut, sale,
        el('span', { class: 'field-error', id: `${sale.id}-error`, role: 'alert' })));
    for (const input of row.querySelectorAll('input, select')) {
      input.addEventListener('change', () => this.save(row, input));
      input.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          this.save(row, input);
        } else if (event.key === 'Escape') {
          input.value = shown(input.name, this.products.get(row.dataset.productId));
          showError(input, '');
        }
      });
    }
    soldOut.addEventListener('click', () => this.send(row, { productStock: 0 }, row.querySelector('[name="productStock"]')));
    sale.addEventListener('click', () => {
      const onSale = this.products.get(row.dataset.productId).productStatus === 'ON_SALE';
      this.send(row, { productStatus: onSale ? 'OFF_SALE' : 'ON_SALE' }, sale);
    });
    return row;
  }

  /** Shows the product; a field being edited keeps what the seller typed. */
  fill(row, product) {
    row.dataset.status = product.productStatus;
    row.dataset.soldOut = String(product.productStock === 0);
    for (const input of row.querySelectorAll('input, select')) {
      const value = shown(input.name, product);
      const editing = document.activeElement === input && input.value !== input.dataset.was;
      if (!editing) input.value = value;
      input.dataset.was = value;
    }
    const sale = row.querySelector('[data-act="sale"]');
    const onSale = product.productStatus === 'ON_SALE';
    sale.textContent = onSale ? 'On sale' : 'Off sale';
    sale.setAttribute('aria-pressed', String(onSale));
    sale.title = onSale ? 'Take it off the buyers\' menu' : 'Put it back on the buyers\' menu';
    row.setAttribute('aria-label', `${product.productName}, ${money(product.productPrice)}, stock ${product.productStock}${onSale ? '' : ', off sale'}`);
  }

  save(row, input) {
    const product = this.products.get(row.dataset.productId);
    if (!product || input.value === shown(input.name, product)) {
      showError(input, '');
      return;
    }
    const checked = check(input.name, input.value);
    if (checked.error) {
      showError(input, `${labelOf(input)} ${checked.error}`);
      return;
    }
    this.send(row, { [input.name]: checked.value }, input);
  }

  async send(row, change, input) {
    const productId = row.dataset.productId;
    showError(input, '');
    row.setAttribute('aria-busy', 'true');
    try {
      const updated = await api.changeProduct(productId, change);
      // what the server keeps, as the console writes it (12.5 becomes 12.50)
      if (input.name in updated) input.value = input.dataset.was = shown(input.name, updated);
      this.product(updated);
      this.flash(row, 'Saved');
    } catch (error) {
      if (error.status === 401) return;
      const refused = serverError(error, input.name, row);
      showError(refused.input || input, refused.message);
    } finally {
      row.removeAttribute('aria-busy');
    }
  }

  flash(row, text) {
    const status = row.querySelector('.saved');
    status.textContent = text;
    clearTimeout(status.timer);
    status.timer = setTimeout(() => { status.textContent = ''; }, SAVED_MS);
  }

  // ---- the add forms

  wireForms() {
    const form = this.productForm;
    form.elements.categoryType.replaceChildren(...this.categoryOptions());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit(form, ['productName', 'productPrice', 'productStock', 'categoryType', 'productDescription'],
        async (body) => {
          this.product(await api.addProduct(body));
          form.elements.productName.focus();
          return `Added ${body.productName}.`;
        });
    });
    const categories = this.categoryForm;
    categories.elements.categoryType.addEventListener('input', (event) => {
      event.target.dataset.typed = event.target.value ? 'yes' : '';
    });
    categories.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit(categories, ['categoryName', 'categoryType'], async (body) => {
        this.category(await api.addCategory(body));
        delete categories.elements.categoryType.dataset.typed;
        this.suggestCategoryType();
        return `Added the category ${body.categoryName}.`;
      });
    });
  }

  /** Checks every field of an add form, then sends; a refusal lands next to its field. */
  async submit(form, names, send) {
    const body = {};
    let first = null;
    const message = form.querySelector('.form-message');
    message.textContent = '';
    for (const name of names) {
      const input = form.elements[name];
      const checked = check(name, input.value);
      showError(input, checked.error && `${labelOf(input)} ${checked.error}`);
      if (checked.error) first = first || input;
      else if (checked.value !== null) body[name] = checked.value;
    }
    if (first) {
      first.focus();
      return;
    }
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      message.textContent = await send(body);
      message.dataset.kind = 'ok';
      for (const name of names) {
        if (form.elements[name].tagName === 'INPUT' && name !== 'categoryType') form.elements[name].value = '';
      }
    } catch (error) {
      if (error.status === 401) return;
      const refused = serverError(error, null, form);
      if (refused.input) {
        showError(refused.input, refused.message);
        refused.input.focus();
      } else {
        message.textContent = refused.message;
        message.dataset.kind = 'error';
      }
    } finally {
      button.disabled = false;
    }
  }
}
