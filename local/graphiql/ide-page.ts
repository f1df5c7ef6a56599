/** What the IDE page starts with. */
export interface IdePageConfig {
  /** Where GraphiQL sends operations (`/graphql`). */
  endpoint: string;
  /** `POST /local/token`, for the token form. */
  tokenEndpoint: string;
  /** Where the bundle's files are served. */
  assetBase: string;
  /** A working token, put into the headers editor. */
  token: string;
  sub: string;
  name: string;
  /** The scopes of `token` (all of them) and the form's choices. */
  scopes: readonly string[];
  allScopes: readonly string[];
  defaultQuery: string;
}

/**
 * The HTML page of the local GraphiQL. The configuration travels as JSON in
 * a script element; `<` is escaped so that no value can close the element.
 */
export function renderIdePage(config: IdePageConfig): string {
  const json = JSON.stringify(config).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Reconnect API · GraphiQL (local)</title>
<link rel="stylesheet" href="${config.assetBase}/ide.css">
<style>
  html, body, #root { height: 100%; margin: 0; }
  .reconnect-ide { display: flex; flex-direction: column; height: 100%; }
  .reconnect-ide > .graphiql-container { flex: 1; min-height: 0; }
  .reconnect-token-bar { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: center; padding: 0.4rem 0.75rem;
    font: 13px system-ui, sans-serif; border-bottom: 1px solid #ddd; background: #f7f7f9; }
  .reconnect-token-status { color: #555; }
</style>
</head>
<body>
<div id="root">Loading GraphiQL…</div>
<script id="reconnect-ide-config" type="application/json">${json}</script>
<script type="module" src="${config.assetBase}/ide.js"></script>
</body>
</html>
`;
}
