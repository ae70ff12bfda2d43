// Times in the browser's zone (the UTC value on hover), numbers and durations in the browser's locale.

const dateTime = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'medium'});
const integer = new Intl.NumberFormat();
const seconds = new Intl.NumberFormat(undefined, {maximumFractionDigits: 1});
const relative = new Intl.RelativeTimeFormat(undefined, {numeric: 'always'});

import {h} from './dom.js';

export function number(n) {
  return n === null || n === undefined ? '—' : integer.format(n);
}

export function bytes(n) {
  if (n === null || n === undefined) {
    return '—';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? integer.format(v) : seconds.format(v)} ${units[u]}`;
}

export function duration(ms) {
  if (ms === null || ms === undefined) {
    return '—';
  }
  if (ms < 1000) {
    return `${integer.format(ms)} ms`;
  }
  if (ms < 120_000) {
    return `${seconds.format(ms / 1000)} s`;
  }
  return `${seconds.format(ms / 60_000)} min`;
}

/** <time> in local time; `title` holds the UTC value as the API gave it. */
export function time(iso) {
  if (!iso) {
    return '—';
  }
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) {
    return iso;
  }
  return h('time', {datetime: iso, title: `${iso} (UTC)`}, dateTime.format(d));
}

/** "3 minutes ago", recomputed by tick() on every refresh without redrawing the page. */
export function since(iso) {
  if (!iso) {
    return '—';
  }
  return h('time', {datetime: iso, title: `${iso} (UTC)`, 'data-since': iso}, ago(iso));
}

export function ago(iso) {
  const s = Math.round((Date.parse(iso) - Date.now()) / 1000);
  const a = Math.abs(s);
  if (a < 60) {
    return relative.format(s, 'second');
  }
  if (a < 3600) {
    return relative.format(Math.round(s / 60), 'minute');
  }
  if (a < 86400) {
    return relative.format(Math.round(s / 3600), 'hour');
  }
  return relative.format(Math.round(s / 86400), 'day');
}

export function tick(root) {
  root.querySelectorAll('time[data-since]').forEach((t) => {
    t.textContent = ago(t.dataset.since);
  });
}
