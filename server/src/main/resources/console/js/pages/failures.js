// Recent failures across every workflow, newest first.
import {get, query} from '../api.js';
import {h, replace, table, errorBox} from '../dom.js';
import {duration, number, since} from '../format.js';

const LIMIT = 25;

export default {
  title: 'Recent failures',
  mount(container) {
    const error = errorBox();
    const list = h('div', {id: 'failures'});
    container.append(h('h1', {}, 'Recent failures'), error.el, list);
    const names = new Map();
    let shown = null;

    /** Workflow names for the ids in the list (one read per workflow not seen yet). */
    const nameOf = async (id) => {
      if (!names.has(id)) {
        names.set(id, get(`workflows/${encodeURIComponent(id)}`).then((w) => w.data.name).catch(() => id));
      }
      return names.get(id);
    };

    const refresh = async () => {
      try {
        const answer = await get(`executions${query({status: 'failed', limit: LIMIT})}`);
        const rows = await Promise.all(answer.data.map(async (x) => ({x, name: x.workflow_name ?? await nameOf(x.workflow_id)})));
        error.show(null);
        const key = JSON.stringify(rows);
        if (key === shown) {
          return;
        }
        shown = key;
        replace(list, table(`Failed executions, newest first (${number(answer.total_data ?? rows.length)} in all)`,
          ['Workflow', 'When', 'Trigger', 'Duration', 'Error', 'Execution'],
          rows.map(({x, name}) => h('tr', {'data-execution': x.id},
            h('th', {scope: 'row'}, h('a', {href: `#/workflows/${encodeURIComponent(x.workflow_id)}`}, name)),
            h('td', {}, since(x.started_at)),
            h('td', {}, x.trigger_type ?? '—'),
            h('td', {class: 'num'}, duration(x.duration_ms)),
            h('td', {class: 'error-text'}, x.error ?? ''),
            h('td', {}, h('a', {href: `#/workflows/${encodeURIComponent(x.workflow_id)}/executions/${encodeURIComponent(x.id)}`,
              'data-key': `open-${x.id}`, 'aria-label': `Open the failed run of ${name}`}, h('code', {}, x.id.slice(0, 8)))))),
          'No failed execution.'));
      } catch (e) {
        shown = null;
        error.show(e);
      }
    };
    return {refresh};
  },
};
