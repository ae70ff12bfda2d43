// Replication: a master's WAL settings, publications and streaming slaves; a slave's subscriptions and lag.
import {get, post} from '../api.js';
import {h, replace, table, badge, errorBox} from '../dom.js';
import {bytes, number, time} from '../format.js';

const yesNo = (b) => (b ? 'yes' : 'no');

function lagSeconds(v) {
  return v === null || v === undefined ? '—' : `${number(v)} s`;
}

function settingRows(result) {
  return ['wal_level', 'max_replication_slots', 'max_wal_senders']
    .filter((name) => result[name])
    .map((name) => {
      const s = result[name];
      return h('tr', {},
        h('th', {scope: 'row'}, h('code', {}, name)),
        h('td', {}, typeof s.current === 'number' ? number(s.current) : String(s.current ?? '—')),
        h('td', {}, typeof s.required === 'number' ? number(s.required) : String(s.required ?? '—')),
        h('td', {}, badge(s.is_set ? 'in effect' : 'not in effect')));
    });
}

function clients(list) {
  return table('Slaves streaming from this master (pg_stat_replication)',
    ['Application', 'Client address', 'State', 'Sent LSN', 'Replayed LSN', 'Write lag', 'Flush lag', 'Replay lag', 'Since'],
    (list ?? []).map((c) => h('tr', {},
      h('th', {scope: 'row'}, c.application_name ?? '—'),
      h('td', {}, c.client_addr ?? '—'),
      h('td', {}, badge(c.state)),
      h('td', {}, c.sent_lsn ?? '—'),
      h('td', {}, c.replay_lsn ?? '—'),
      h('td', {class: 'num'}, lagSeconds(c.write_lag)),
      h('td', {class: 'num'}, lagSeconds(c.flush_lag)),
      h('td', {class: 'num'}, lagSeconds(c.replay_lag)),
      h('td', {}, time(c.backend_start)))),
    'No slave is streaming from this master.');
}

function master(r) {
  return [
    r.restart_required
      ? h('div', {class: 'banner banner-warn', role: 'status', id: 'restart-required'},
        h('strong', {}, 'Restart required. '),
        'PostgreSQL holds new WAL settings that take effect only after it restarts; until then no slave can subscribe. '
          + 'With the embedded database, restart Lenz Central; with your own PostgreSQL, restart it, then Lenz Central.')
      : h('p', {class: `banner ${r.is_configured ? 'banner-ok' : 'banner-warn'}`, role: 'status'}, r.is_configured
        ? 'Configured: logical replication is in effect.'
        : 'Not set up yet: setup writes the WAL settings and creates the publications; PostgreSQL then needs a restart.'),
    h('h2', {}, 'WAL settings'),
    table('WAL settings of the master', ['Setting', 'Current', 'Required', 'State'], settingRows(r)),
    h('h2', {}, 'Publications'),
    table('Publications', ['Name', 'Exists', 'Tables'], (r.publications ?? []).map((p) => h('tr', {},
      h('th', {scope: 'row'}, h('code', {}, p.name)),
      h('td', {}, yesNo(p.exists)),
      h('td', {}, (p.tables ?? []).join(', ') || '—')))),
    h('h2', {}, 'Slaves'),
    clients(r.replication_clients),
  ];
}

function slave(r) {
  return [
    h('p', {class: `banner ${r.is_configured ? 'banner-ok' : 'banner-warn'}`, role: 'status'},
      r.is_configured ? 'Subscribed to the master.' : 'Not subscribed yet (setup runs on this slave with the master\'s connections).'),
    h('h2', {}, 'Subscriptions'),
    table('Subscriptions of this slave', ['Name', 'State', 'Enabled', 'Publication', 'Slot on the master', 'Lag'],
      (r.subscriptions ?? []).map((s) => h('tr', {},
        h('th', {scope: 'row'}, h('code', {}, s.name)),
        h('td', {}, badge(s.state)),
        h('td', {}, yesNo(s.enabled)),
        h('td', {}, s.publication ?? '—'),
        h('td', {}, s.slot_name ?? '—'),
        h('td', {class: 'num', title: s.lag_bytes === null ? 'the master cannot be asked' : `${number(s.lag_bytes)} bytes`},
          bytes(s.lag_bytes))))),
  ];
}

export default {
  title: 'Replication',
  mount(container, params, ctx) {
    const error = errorBox();
    const body = h('div', {id: 'replication'});
    const controls = h('div', {class: 'controls'});
    const note = h('p', {class: 'note', role: 'status'});
    container.append(h('h1', {}, 'Replication'), controls, note, error.el, body);
    let shown = null;
    let mode = null;

    const setup = async () => {
      note.textContent = 'Setting up…';
      try {
        const answer = await post('ces/replication/setup', {});
        note.textContent = answer.result?.restart_required
          ? 'Settings and publications are in place; a restart is required.'
          : `${answer.message}.`;
        error.show(null);
      } catch (e) {
        note.textContent = '';
        error.show(e);
      }
      ctx.refreshNow();
    };

    const refresh = async () => {
      try {
        const r = (await get('ces/replication/status')).result;
        error.show(null);
        if (ctx.admin && r.mode === 'master' && mode !== 'master') {
          replace(controls, h('button', {type: 'button', id: 'replication-setup', 'data-key': 'setup', onclick: setup},
            'Apply master settings and publications'));
        }
        mode = r.mode;
        const key = JSON.stringify(r);
        if (key !== shown) {
          shown = key;
          replace(body, h('p', {}, `This server is the CES ${r.mode}.`), r.mode === 'master' ? master(r) : slave(r));
        }
      } catch (e) {
        shown = null;
        error.show(e);
        replace(body);
      }
    };
    return {refresh};
  },
};
