// The console's shell: sign-in, the hash router, and the polling that keeps the open page fresh.
import {session, signIn, signOut, onSignedOut, isAdmin} from './api.js';
import {tick} from './format.js';
import nodes from './pages/nodes.js';
import replication from './pages/replication.js';
import workflows from './pages/workflows.js';
import workflow from './pages/workflow.js';
import execution from './pages/execution.js';
import failures from './pages/failures.js';

/** How often the open page asks the API again. */
const POLL_MS = 5000;

const routes = [
  [/^#\/nodes$/, nodes, 'nodes'],
  [/^#\/replication$/, replication, 'replication'],
  [/^#\/workflows$/, workflows, 'workflows'],
  [/^#\/workflows\/([^/]+)$/, workflow, 'workflows'],
  [/^#\/workflows\/([^/]+)\/executions\/([^/]+)$/, execution, 'workflows'],
  [/^#\/failures$/, failures, 'failures'],
];

const el = (id) => document.getElementById(id);
let current = null;
let timer = null;

function showSignIn() {
  stop();
  el('page').replaceChildren();
  el('nav').hidden = true;
  el('who').hidden = true;
  el('sign-in').hidden = false;
  document.title = 'Sign in · Lenz Central';
  el('sign-in-user').focus();
}

function showShell() {
  const s = session();
  el('sign-in').hidden = true;
  el('nav').hidden = false;
  el('who').hidden = false;
  el('who-name').textContent = `${s.name} (${s.role})`;
}

function stop() {
  clearTimeout(timer);
  timer = null;
  current?.page.unmount?.();
  current = null;
}

/** One refresh at a time per page; a refresh asked for meanwhile runs right after it. */
async function poll(view) {
  if (current !== view) {
    return;
  }
  if (view.busy) {
    view.again = true;
    return;
  }
  view.busy = true;
  clearTimeout(timer);
  try {
    if (!document.hidden) { // a tab in the background asks nothing; it catches up when shown again
      await view.page.refresh();
    }
  } finally {
    view.busy = false;
    tick(el('page'));
    if (current === view) {
      clearTimeout(timer);
      if (view.again) {
        view.again = false;
        timer = setTimeout(() => poll(view), 0);
      } else {
        timer = setTimeout(() => poll(view), POLL_MS);
      }
    }
  }
}

function route() {
  if (!session()) {
    showSignIn();
    return;
  }
  showShell();
  const hash = location.hash || '#/nodes';
  const match = routes.map(([re, page, nav]) => [hash.match(re), page, nav]).find(([m]) => m);
  if (!match) {
    location.replace('#/nodes');
    return;
  }
  const [m, module, nav] = match;
  stop();
  document.querySelectorAll('#nav a').forEach((a) => {
    if (a.dataset.page === nav) {
      a.setAttribute('aria-current', 'page');
    } else {
      a.removeAttribute('aria-current');
    }
  });
  const container = el('page');
  container.replaceChildren();
  const page = module.mount(container, m.slice(1).map(decodeURIComponent), {
    admin: isAdmin(),
    go: (to) => {
      location.hash = to;
    },
    refreshNow: () => poll(current),
  });
  document.title = `${module.title} · Lenz Central`;
  current = {page};
  poll(current);
}

el('sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  const button = el('sign-in-submit');
  button.disabled = true;
  el('sign-in-error').textContent = '';
  try {
    await signIn(el('sign-in-user').value, el('sign-in-password').value);
    el('sign-in-password').value = '';
    route();
    el('view').focus();
  } catch (e) {
    el('sign-in-error').textContent = e.message;
  } finally {
    button.disabled = false;
  }
});

el('sign-out').addEventListener('click', () => signOut());
onSignedOut(showSignIn);
window.addEventListener('hashchange', route);
document.addEventListener('visibilitychange', () => {
  if (!document.hidden && current) {
    poll(current);
  }
});
route();
