// CES nodes: every node's status and last report, enrollments, search by regex, federated instances.
import {get, query} from '../api.js';
import {h, replace, table, badge, errorBox} from '../dom.js';
import {number, since, time} from '../format.js';

function customFields(fields) {
  const entries = Object.entries(fields ?? {});
  if (!entries.length) {
    return '—';
  }
  return h('ul', {class: 'fields'}, entries.map(([k, v]) =>
    h('li', {}, `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)));
}

export default {
  title: 'CES nodes',
  mount(container, params, ctx) {
    const filter = {search: '', instance: ''};
    const error = errorBox();
    const summary = h('p', {class: 'summary', 'aria-live': 'polite'});
    const results = h('div', {id: 'nodes'});
    const search = h('input', {id: 'node-search', name: 'search', type: 'search', autocomplete: 'off',
      placeholder: '^Slave', 'aria-describedby': 'node-search-help'});
    const instance = h('input', {id: 'node-instance', name: 'instance', autocomplete: 'off',
      placeholder: 'this server', 'aria-describedby': 'node-instance-help'});
    let refresh;
    const form = h('form', {class: 'filters', role: 'search', onsubmit: (e) => {
      e.preventDefault();
      filter.search = search.value.trim();
      filter.instance = instance.value.trim();
      ctx.refreshNow();
    }},
    h('div', {class: 'field'},
      h('label', {for: 'node-search'}, 'Name matches'),
      search,
      h('small', {id: 'node-search-help'}, 'A regular expression, any case (as the API\'s search).')),
    h('div', {class: 'field'},
      h('label', {for: 'node-instance'}, 'Federated instance'),
      instance,
      h('small', {id: 'node-instance-help'}, 'An id from FEDERATION_INSTANCES; empty for this server.')),
    h('button', {type: 'submit', id: 'node-apply'}, 'Show'));

    const mode = h('p', {class: 'mode'});
    container.append(h('h1', {}, 'CES nodes'), mode, form, error.el, summary, results);

    let shown = null;
    get('ces/config').then((c) => {
      const r = c.result;
      mode.textContent = r.ces_enabled ? `This server is a CES ${r.ces_mode}.` : 'CES is not enabled on this server.';
    }).catch(() => {});
    refresh = async () => {
      try {
        const answer = await get(`ces/metrics${query(filter)}`);
        error.show(null);
        const metrics = answer.results?.metrics ?? [];
        const key = JSON.stringify(metrics.map((m) => ({...m, last_heartbeat: m.is_master ? null : m.last_heartbeat})));
        const online = metrics.filter((m) => m.status === 'online').length;
        const enrolled = metrics.reduce((sum, m) => sum + (m.total_enrollment ?? 0), 0);
        summary.textContent = `${number(metrics.length)} nodes: ${number(online)} online, `
          + `${number(metrics.length - online)} offline; ${number(enrolled)} enrollments in all.`;
        if (key === shown) {
          return;
        }
        shown = key;
        replace(results, table('Nodes, this master first',
          ['Name', 'Status', 'Last report', 'Enrollments', 'IP address', 'ID', 'Role', 'Custom fields', 'First seen'],
          metrics.map((m) => h('tr', {'data-node': m.id},
            h('th', {scope: 'row'}, m.name),
            h('td', {class: 'status'}, badge(m.status)),
            h('td', {}, since(m.last_heartbeat)),
            h('td', {class: 'num'}, number(m.total_enrollment)),
            h('td', {}, m.ip_address),
            h('td', {}, h('code', {}, m.id)),
            h('td', {}, m.is_master ? 'master' : 'slave'),
            h('td', {}, customFields(m.custom_fields)),
            h('td', {}, time(m.created_at)))),
          'No node matches.'));
      } catch (e) {
        shown = null;
        error.show(e);
        summary.textContent = '';
        replace(results);
      }
    };
    return {refresh: () => refresh()};
  },
};
