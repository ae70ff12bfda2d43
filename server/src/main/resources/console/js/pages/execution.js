// One execution, node by node; admins can cancel it while it runs and retry it from the failed node.
import {get, post} from '../api.js';
import {h, replace, table, badge, errorBox} from '../dom.js';
import {duration, number, time} from '../format.js';

function output(value) {
  if (value === null || value === undefined) {
    return '—';
  }
  const text = JSON.stringify(value, null, 2);
  if (text.length <= 200) {
    return h('pre', {class: 'output'}, text);
  }
  return h('details', {}, h('summary', {}, `${number(text.length)} characters`), h('pre', {class: 'output'}, text));
}

export default {
  title: 'Execution',
  mount(container, [workflowId, executionId], ctx) {
    const error = errorBox();
    const heading = h('h1', {}, 'Execution');
    const controls = h('div', {class: 'controls'});
    const note = h('p', {class: 'note', role: 'status'});
    const about = h('div', {id: 'execution'});
    const nodes = h('div', {id: 'node-results'});
    const wfLink = `#/workflows/${encodeURIComponent(workflowId)}`;
    const crumbs = h('p', {class: 'crumbs'}, h('a', {href: '#/workflows'}, 'Workflows'), ' / ',
      h('a', {href: wfLink, id: 'workflow-link'}, 'workflow'));
    container.append(crumbs, heading, controls, note, error.el, about, h('h2', {}, 'Nodes'), nodes);
    const base = `workflows/${encodeURIComponent(workflowId)}/logs/${encodeURIComponent(executionId)}`;
    let shown = null;
    let controlsFor = null;

    get(`workflows/${encodeURIComponent(workflowId)}`)
      .then((w) => {
        crumbs.querySelector('#workflow-link').textContent = w.data.name;
      })
      .catch(() => {});

    const act = async (what, path, pending) => {
      note.textContent = pending;
      try {
        const answer = await post(`${base}/${path}`, {});
        error.show(null);
        note.textContent = `${answer.message}.`;
        if (what === 'retry' && answer.data?.id && answer.data.id !== executionId) {
          ctx.go(`${wfLink}/executions/${encodeURIComponent(answer.data.id)}`);
          return;
        }
      } catch (e) {
        note.textContent = '';
        error.show(e);
      }
      ctx.refreshNow();
    };

    const refresh = async () => {
      try {
        const x = (await get(base)).data;
        error.show(null);
        if (ctx.admin && controlsFor !== x.status) {
          controlsFor = x.status;
          replace(controls,
            x.status === 'running'
              ? h('button', {type: 'button', id: 'cancel', 'data-key': 'cancel',
                onclick: () => act('cancel', 'cancel', 'Cancelling…')}, 'Cancel this run')
              : null,
            x.status === 'failed'
              ? h('button', {type: 'button', id: 'retry', 'data-key': 'retry',
                onclick: () => act('retry', 'retry?wait=false', 'Retrying…')}, 'Retry from the failed node')
              : null);
        }
        const key = JSON.stringify(x);
        if (key === shown) {
          return;
        }
        shown = key;
        heading.replaceChildren(`Execution `, h('code', {}, x.id.slice(0, 8)), ' ', badge(x.status));
        replace(about, h('dl', {class: 'facts'},
          h('dt', {}, 'Status'), h('dd', {id: 'execution-status'}, x.status),
          h('dt', {}, 'Trigger'), h('dd', {}, `${x.trigger_type ?? '—'}${x.triggered_by ? ` by ${x.triggered_by}` : ''}`),
          h('dt', {}, 'Started'), h('dd', {}, time(x.started_at)),
          h('dt', {}, 'Finished'), h('dd', {}, time(x.finished_at)),
          h('dt', {}, 'Duration'), h('dd', {}, duration(x.duration_ms)),
          x.retry_of ? [h('dt', {}, 'Retry of'), h('dd', {id: 'retry-of'},
            h('a', {href: `${wfLink}/executions/${encodeURIComponent(x.retry_of)}`}, h('code', {}, x.retry_of)))] : null,
          h('dt', {}, 'Execution id'), h('dd', {}, h('code', {}, x.id)),
          x.error ? [h('dt', {}, 'Error'), h('dd', {class: 'error-text', id: 'execution-error'}, x.error)] : null));
        replace(nodes, table('Node results, in order', ['Node', 'Type', 'Status', 'Attempts', 'Duration', 'Started', 'Output', 'Error'],
          (x.node_results ?? []).map((n) => h('tr', {'data-node': n.node_id},
            h('th', {scope: 'row'}, n.node_name && n.node_name !== n.node_id ? `${n.node_name} (${n.node_id})` : n.node_id),
            h('td', {}, n.node_type ?? '—'),
            h('td', {class: 'status'}, badge(n.status), n.reused_from
              ? h('small', {class: 'reused'}, ' output reused from ',
                h('a', {href: `${wfLink}/executions/${encodeURIComponent(n.reused_from)}`}, h('code', {}, n.reused_from.slice(0, 8))))
              : null),
            h('td', {class: 'num'}, number(n.attempts)),
            h('td', {class: 'num'}, duration(n.duration_ms)),
            h('td', {}, time(n.started_at)),
            h('td', {class: 'output-cell'}, output(n.output)),
            h('td', {class: 'error-text'}, n.error ?? ''))),
          'No node has run yet.'));
      } catch (e) {
        shown = null;
        error.show(e);
      }
    };
    return {refresh};
  },
};
