import { render } from 'preact';
import { App } from './app';
import { completeCognitoSignIn } from './auth/cognito-auth';
import { writeSession } from './auth/session';
import { loadConfig } from './lib/load-config';
import './styles.css';

async function start(root: HTMLElement): Promise<void> {
  root.innerHTML = '<p class="state state-loading" role="status">Loading the dashboard…</p>';
  let notice: string | null = null;
  try {
    const config = await loadConfig();
    if (config.auth.mode === 'cognito') {
      try {
        const session = await completeCognitoSignIn(config.auth, window.location);
        if (session) writeSession(session);
      } catch (error) {
        notice = error instanceof Error ? error.message : String(error);
      }
    }
    root.innerHTML = '';
    render(<App config={config} initialNotice={notice} />, root);
  } catch (error) {
    root.innerHTML = '';
    const message = document.createElement('p');
    message.className = 'state state-error';
    message.setAttribute('role', 'alert');
    message.textContent = `The dashboard could not start: ${error instanceof Error ? error.message : String(error)}`;
    root.append(message);
  }
}

void start(document.getElementById('app')!);
