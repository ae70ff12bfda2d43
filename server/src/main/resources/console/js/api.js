// Calls to the API of the server that served this page (same origin, no cross-origin request).
// The tokens live in sessionStorage: gone when the tab closes, never in a cookie, so the API's
// bearer-token rules apply unchanged to everything the console does.

const KEY = 'lenz-console-session';

/** An API answer with ok=false (or no JSON at all): `error` is the envelope's error text. */
export class ApiError extends Error {
  constructor(status, message, error) {
    super(error || message || `HTTP ${status}`);
    this.status = status;
    this.envelopeMessage = message;
  }
}

export function session() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY));
  } catch {
    return null;
  }
}

function save(answer) {
  sessionStorage.setItem(KEY, JSON.stringify({
    access_token: answer.access_token,
    refresh_token: answer.refresh_token,
    expires_at: answer.expires_at,
    name: answer.name,
    role: answer.role,
  }));
}

export function isAdmin() {
  return session()?.role === 'admin';
}

const listeners = [];
/** Called when the session ends (refresh refused, sign-out). */
export function onSignedOut(listener) {
  listeners.push(listener);
}

function forget() {
  sessionStorage.removeItem(KEY);
  listeners.forEach((l) => l());
}

async function envelope(response) {
  let body = null;
  try {
    body = await response.json();
  } catch {
    // not JSON (a proxy's error page): the status says enough
  }
  if (!response.ok || !body || body.ok === false) {
    throw new ApiError(response.status, body?.message, body?.error);
  }
  return body;
}

export async function signIn(user, password) {
  const response = await fetch('../api/auth/token', {
    method: 'POST',
    headers: {'Content-Type': 'application/json'},
    body: JSON.stringify({user_access: user, password}),
  });
  save(await envelope(response));
  return session();
}

let refreshing = null;

/** One refresh at a time: the refresh token is single-use, and a second use would end the session. */
function refresh() {
  if (!refreshing) {
    refreshing = (async () => {
      const current = session();
      if (!current?.refresh_token) {
        throw new ApiError(401, 'unauthorized', 'signed out');
      }
      const response = await fetch('../api/auth/refresh', {
        method: 'POST',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({refresh_token: current.refresh_token}),
      });
      try {
        save(await envelope(response));
      } catch (e) {
        if (e.status === 400 || e.status === 401) {
          forget();
        }
        throw e;
      }
    })().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

function expiresSoon(current) {
  const at = Date.parse(current?.expires_at ?? '');
  return Number.isFinite(at) && at - Date.now() < 60_000;
}

async function send(method, path, body) {
  const headers = {Authorization: `Bearer ${session()?.access_token}`};
  const init = {method, headers};
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  return fetch(`../api/${path}`, init);
}

/** An authenticated call; renews the access token first when it is about to expire, or once after a 401. */
export async function api(method, path, body) {
  if (!session()) {
    throw new ApiError(401, 'unauthorized', 'signed out');
  }
  if (expiresSoon(session())) {
    await refresh();
  }
  let response = await send(method, path, body);
  if (response.status === 401) {
    await refresh();
    response = await send(method, path, body);
    if (response.status === 401) {
      forget();
    }
  }
  return envelope(response);
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body);
export const put = (path, body) => api('PUT', path, body);

export async function signOut() {
  const current = session();
  if (current) {
    try {
      await send('POST', 'auth/logout', {refresh_token: current.refresh_token});
    } catch {
      // the session ends here either way
    }
  }
  forget();
}

/** A query string of the given parameters, leaving out empty ones. */
export function query(params) {
  const q = new URLSearchParams();
  Object.entries(params).forEach(([k, v]) => {
    if (v !== undefined && v !== null && v !== '') {
      q.set(k, v);
    }
  });
  const s = q.toString();
  return s ? `?${s}` : '';
}
