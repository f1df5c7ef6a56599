import { useState } from 'preact/hooks';
import type { DashboardConfig } from '../config';
import { signInLocally } from '../auth/local-auth';
import { startCognitoSignIn } from '../auth/cognito-auth';
import type { StoredSession } from '../auth/session';

interface Props {
  config: DashboardConfig;
  /** Why the counselor is here again (an expired token), shown above the form. */
  notice: string | null;
  onSignedIn: (session: StoredSession) => void;
}

export function SignIn({ config, notice, onSignedIn }: Props) {
  const [sub, setSub] = useState('demo-counselor');
  const [name, setName] = useState('Dr. Maya Lin');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const auth = config.auth;

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (auth.mode === 'local') onSignedIn(await signInLocally(auth, sub.trim(), name.trim()));
      else await startCognitoSignIn(auth);
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setBusy(false);
    }
  };

  return (
    <main id="main" class="sign-in" data-screen="sign-in">
      <h1>Counselor dashboard</h1>
      <p class="lead">The couples who shared their reconnect journey with your practice, and how they are doing.</p>
      {notice && (
        <p class="notice" role="alert" data-notice="session">
          {notice}
        </p>
      )}
      <form onSubmit={submit} aria-describedby="sign-in-help">
        {auth.mode === 'local' ? (
          <>
            <p id="sign-in-help" class="muted">
              Local run: the local token issuer signs a token for the person you name. After <code>npm run seed:demo</code>, sign in as{' '}
              <code>demo-counselor</code>.
            </p>
            <label for="sub">Counselor id (token subject)</label>
            <input id="sub" name="sub" required autoComplete="username" value={sub} onInput={(e) => setSub(e.currentTarget.value)} />
            <label for="name">Display name</label>
            <input id="name" name="name" required autoComplete="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </>
        ) : (
          <p id="sign-in-help" class="muted">
            You will sign in on your practice’s Reconnect sign-in page and come back here.
          </p>
        )}
        {error && (
          <p class="form-error" role="alert">
            Sign-in failed: {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
