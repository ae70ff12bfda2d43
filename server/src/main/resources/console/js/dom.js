// Building the page from data with DOM calls only (text is never parsed as HTML).

/** h('a', {href: '#/x', class: 'y'}, 'text', child...): an element; attributes `on<event>` add listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  Object.entries(attrs ?? {}).forEach(([k, v]) => {
    if (v === undefined || v === null || v === false) {
      return;
    }
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (v === true) {
      el.setAttribute(k, '');
    } else {
      el.setAttribute(k, String(v));
    }
  });
  append(el, children);
  return el;
}

function append(el, children) {
  children.flat(Infinity).forEach((c) => {
    if (c === undefined || c === null || c === false) {
      return;
    }
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  });
}

/**
 * Replaces the children of `el`, keeping the keyboard focus on the control with the same data-key
 * (a refresh must not throw a keyboard user back to the top of the page).
 */
export function replace(el, ...children) {
  const focused = document.activeElement;
  const key = focused && el.contains(focused) ? focused.dataset.key : undefined;
  el.replaceChildren();
  append(el, children);
  if (key) {
    const again = [...el.querySelectorAll('[data-key]')].find((c) => c.dataset.key === key);
    again?.focus();
  }
}

/** A table with a caption (its accessible name) and a horizontally scrollable frame for small screens. */
export function table(caption, headers, rows, empty = 'Nothing to show.') {
  if (!rows.length) {
    return h('p', {class: 'empty'}, empty);
  }
  return h('div', {class: 'table-frame'},
    h('table', {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, headers.map((t) => h('th', {scope: 'col'}, t)))),
      h('tbody', {}, rows)));
}

/** A status word as a coloured badge (colour is never the only cue: the word is there). */
export function badge(status) {
  const word = status ?? 'unknown';
  return h('span', {class: `badge badge-${String(word).replace(/ /g, '_').replace(/[^a-z_]/g, '')}`}, word);
}

/** The error region of a page: shows an API error's text, or nothing. */
export function errorBox() {
  const box = h('p', {class: 'error', role: 'alert'});
  return {
    el: box,
    show(e) {
      box.textContent = e ? (e.message || String(e)) : '';
    },
  };
}
