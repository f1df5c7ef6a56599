// GraphiQL for the local run, bundled by esbuild (build-bundle.ts) from the
// graphiql package in node_modules: no CDN, so it works offline. Plain JS with
// React.createElement (no JSX) so that neither tsc nor jest has to know about it.
import React, { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';

// Monaco's editors run language services in web workers, built next to this
// bundle with fixed names (build-bundle.ts).
globalThis.MonacoEnvironment = {
  getWorker(_workerId, label) {
    const name = label === 'json' ? 'json' : label === 'graphql' ? 'graphql' : 'editor';
    return new Worker(`${ASSET_BASE}/${name}.worker.js`);
  },
};

const config = JSON.parse(document.getElementById('reconnect-ide-config').textContent);
const ASSET_BASE = config.assetBase;

const headersFor = (token) => JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2);

async function fetcher(params, options) {
  const response = await fetch(config.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(options && options.headers) },
    body: JSON.stringify(params),
  });
  return response.json();
}

/** The token form: who the next token is for, and which scopes it grants. */
function TokenBar({ onToken }) {
  const [sub, setSub] = useState(config.sub);
  const [name, setName] = useState(config.name);
  const [scopes, setScopes] = useState(config.scopes);
  const [status, setStatus] = useState(`Headers hold a token for ${config.sub} with every scope (1 h).`);
  const toggle = (scope) => setScopes((current) => (current.includes(scope) ? current.filter((s) => s !== scope) : [...current, scope]));

  async function submit(event) {
    event.preventDefault();
    setStatus('Getting a token...');
    const response = await fetch(config.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sub, name: name || undefined, scope: scopes.join(' ') }),
    });
    const body = await response.json();
    if (!response.ok) {
      setStatus(`Refused: ${body.error}`);
      return;
    }
    onToken(body.access_token);
    setStatus(`Headers hold a token for ${sub} with ${scopes.length ? scopes.join(', ') : 'no scope'} (1 h).`);
  }

  const h = React.createElement;
  return h(
    'form',
    { className: 'reconnect-token-bar', onSubmit: submit, 'aria-label': 'Local token' },
    h('strong', null, 'Reconnect local token'),
    h('label', null, 'sub ', h('input', { name: 'sub', value: sub, onChange: (e) => setSub(e.target.value), size: 12 })),
    h('label', null, 'name ', h('input', { name: 'name', value: name, onChange: (e) => setName(e.target.value), size: 12 })),
    ...config.allScopes.map((scope) =>
      h('label', { key: scope }, h('input', { type: 'checkbox', name: 'scope', value: scope, checked: scopes.includes(scope), onChange: () => toggle(scope) }), ` ${scope}`),
    ),
    h('button', { type: 'submit' }, 'Get token'),
    h('span', { className: 'reconnect-token-status', role: 'status' }, status),
  );
}

function App() {
  const [token, setToken] = useState(config.token);
  const h = React.createElement;
  return h(
    'div',
    { className: 'reconnect-ide' },
    h(TokenBar, { onToken: setToken }),
    // Keyed by the token: a new token remounts GraphiQL with it in the headers editor (the query tabs are kept in localStorage).
    h(GraphiQL, {
      key: token,
      fetcher,
      initialHeaders: headersFor(token),
      defaultHeaders: headersFor(token),
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: 'headers',
      initialQuery: new URLSearchParams(location.search).get('query') || undefined,
      defaultQuery: config.defaultQuery,
    }),
  );
}

createRoot(document.getElementById('root')).render(React.createElement(App));
