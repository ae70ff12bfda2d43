// Workflows: each with its last run; admins can activate, deactivate and run one now.
import {get, post, put, query} from '../api.js';
import {h, replace, table, badge, errorBox} from '../dom.js';
import {number, since} from '../format.js';

const LIMIT = 20;

/** Runs it now without waiting for the end, and opens the new execution. */
export async function runNow(workflow, ctx, error) {
  try {
    const answer = await post(`workflows/${encodeURIComponent(workflow.id)}/execute?wait=false`, {});
    ctx.go(`#/workflows/${encodeURIComponent(workflow.id)}/executions/${encodeURIComponent(answer.data.id)}`);
  } catch (e) {
    error.show(e);
  }
}

/** PUT replaces a workflow whole: send it back as read, with is_active flipped (a webhook's hidden token is kept). */
export async function setActive(workflow, active, error) {
  try {
    const stored = (await get(`workflows/${encodeURIComponent(workflow.id)}`)).data;
    const body = {
      name: stored.name,
      description: stored.description,
      is_active: active,
      trigger_node: stored.trigger_node,
      nodes: stored.nodes,
    };
    Object.keys(stored).forEach((k) => {
      if (!(k in body) && !['id', 'created_at', 'updated_at'].includes(k)) {
        body[k] = stored[k]; // fields this console does not know yet (kept as they are)
      }
    });
    await put(`workflows/${encodeURIComponent(workflow.id)}`, body);
    error.show(null);
  } catch (e) {
    error.show(e);
  }
}

export function adminButtons(w, ctx, error, after) {
  return [
    h('button', {type: 'button', 'data-key': `toggle-${w.id}`, class: 'toggle',
      'aria-label': `${w.is_active ? 'Deactivate' : 'Activate'} ${w.name}`,
      onclick: async () => {
        await setActive(w, !w.is_active, error);
        after();
      }}, w.is_active ? 'Deactivate' : 'Activate'),
    h('button', {type: 'button', 'data-key': `run-${w.id}`, class: 'run', 'aria-label': `Run ${w.name} now`,
      onclick: () => runNow(w, ctx, error)}, 'Run now'),
  ];
}

export default {
  title: 'Workflows',
  mount(container, params, ctx) {
    const state = {page: 1, search: ''};
    const error = errorBox();
    const list = h('div', {id: 'workflows'});
    const pager = h('nav', {class: 'pager', 'aria-label': 'Workflow pages'});
    const search = h('input', {id: 'workflow-search', type: 'search', autocomplete: 'off', placeholder: 'part of the name'});
    let refresh;
    const form = h('form', {class: 'filters', role: 'search', onsubmit: (e) => {
      e.preventDefault();
      state.search = search.value.trim();
      state.page = 1;
      ctx.refreshNow();
    }},
    h('div', {class: 'field'}, h('label', {for: 'workflow-search'}, 'Name contains'), search),
    h('button', {type: 'submit', id: 'workflow-apply'}, 'Show'));
    container.append(h('h1', {}, 'Workflows'), form, error.el, list, pager);
    let shown = null;

    refresh = async () => {
      try {
        const answer = await get(`workflows${query({page: state.page, limit: LIMIT, search: state.search})}`);
        const rows = await Promise.all(answer.data.map(async (w) => {
          try {
            const logs = await get(`workflows/${encodeURIComponent(w.id)}/logs?limit=1`);
            return {w, last: logs.data[0] ?? null};
          } catch {
            return {w, last: null};
          }
        }));
        error.show(null);
        const key = JSON.stringify([answer.total_data, state.page, rows]);
        if (key === shown) {
          return;
        }
        shown = key;
        const headers = ['Name', 'Trigger', 'Active', 'Last run', 'Started'];
        replace(list, table(`Workflows (${number(answer.total_data)})`, ctx.admin ? [...headers, 'Actions'] : headers,
          rows.map(({w, last}) => h('tr', {'data-workflow': w.id},
            h('th', {scope: 'row'}, h('a', {href: `#/workflows/${encodeURIComponent(w.id)}`, 'data-key': `open-${w.id}`}, w.name)),
            h('td', {}, w.trigger_node?.type ?? '—'),
            h('td', {}, w.is_active ? 'yes' : 'no'),
            h('td', {class: 'last-run'}, last
              ? h('a', {href: `#/workflows/${encodeURIComponent(w.id)}/executions/${encodeURIComponent(last.id)}`,
                'aria-label': `Last run of ${w.name}: ${last.status}`, 'data-key': `last-${w.id}`}, badge(last.status))
              : 'never'),
            h('td', {}, last ? since(last.started_at) : '—'),
            ctx.admin ? h('td', {class: 'actions'}, adminButtons(w, ctx, error, () => ctx.refreshNow())) : null)),
          state.search ? 'No workflow matches.' : 'No workflow yet.'));
        replace(pager,
          h('button', {type: 'button', 'data-key': 'prev', disabled: state.page <= 1, onclick: () => {
            state.page--;
            ctx.refreshNow();
          }}, 'Previous page'),
          h('span', {}, `Page ${number(answer.current_page)} of ${number(Math.max(1, answer.total_page))}`),
          h('button', {type: 'button', 'data-key': 'next', disabled: state.page >= answer.total_page, onclick: () => {
            state.page++;
            ctx.refreshNow();
          }}, 'Next page'));
      } catch (e) {
        shown = null;
        error.show(e);
      }
    };
    return {refresh: () => refresh()};
  },
};
