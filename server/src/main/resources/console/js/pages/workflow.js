// One workflow: its trigger, nodes and recent runs.
import {get} from '../api.js';
import {h, replace, table, badge, errorBox} from '../dom.js';
import {duration, number, time} from '../format.js';
import {adminButtons} from './workflows.js';

const RUNS = 20;

export default {
  title: 'Workflow',
  mount(container, [id], ctx) {
    const error = errorBox();
    const heading = h('h1', {}, 'Workflow');
    const about = h('div', {id: 'workflow'});
    const controls = h('div', {class: 'controls'});
    const runs = h('div', {id: 'runs'});
    container.append(h('p', {class: 'crumbs'}, h('a', {href: '#/workflows'}, 'Workflows')), heading, controls,
      error.el, about, h('h2', {}, 'Recent runs'), runs);
    const base = `workflows/${encodeURIComponent(id)}`;
    let shown = null;

    const refresh = async () => {
      try {
        const [w, logs] = await Promise.all([get(base), get(`${base}/logs?limit=${RUNS}`)]);
        error.show(null);
        const key = JSON.stringify([w.data, logs.data]);
        if (key === shown) {
          return;
        }
        shown = key;
        const wf = w.data;
        heading.textContent = wf.name;
        document.title = `${wf.name} · Lenz Central`;
        if (ctx.admin) {
          replace(controls, adminButtons(wf, ctx, error, () => ctx.refreshNow()));
        }
        replace(about,
          wf.description ? h('p', {}, wf.description) : null,
          h('dl', {class: 'facts'},
            h('dt', {}, 'Trigger'), h('dd', {}, wf.trigger_node?.type ?? '—'),
            h('dt', {}, 'Active'), h('dd', {}, wf.is_active ? 'yes' : 'no'),
            h('dt', {}, 'Nodes'), h('dd', {}, wf.nodes.map((n) => `${n.id} (${n.type})`).join(' → ') || '—'),
            h('dt', {}, 'Updated'), h('dd', {}, time(wf.updated_at))));
        replace(runs, table(`Runs, newest first (${number(logs.total_data)} in all)`,
          ['Execution', 'Status', 'Trigger', 'Started', 'Duration', 'Error'],
          logs.data.map((x) => h('tr', {},
            h('th', {scope: 'row'}, h('a', {href: `#/workflows/${encodeURIComponent(id)}/executions/${encodeURIComponent(x.id)}`,
              'data-key': `run-${x.id}`}, h('code', {}, x.id.slice(0, 8)))),
            h('td', {}, badge(x.status)),
            h('td', {}, x.trigger_type ?? '—'),
            h('td', {}, time(x.started_at)),
            h('td', {class: 'num'}, duration(x.duration_ms)),
            h('td', {class: 'error-text'}, x.error ?? ''))),
          'Never run.'));
      } catch (e) {
        shown = null;
        error.show(e);
      }
    };
    return {refresh};
  },
};
