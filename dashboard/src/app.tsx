import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { createGraphqlClient } from './api/client';
import { MEMBERSHIPS, VIEWER } from './api/queries';
import type { CareScope, CaseloadEntry, MembershipsData, ViewerData } from './api/types';
import { logoutUrl } from './auth/hosted-ui';
import { clearSession, readSession, writeSession, type StoredSession } from './auth/session';
import { Empty, ErrorView, Loading } from './components/states';
import type { DashboardConfig } from './config';
import { ApiContext } from './lib/api-context';
import { hrefFor, parseRoute, type Route } from './lib/route';
import { useQuery } from './lib/use-query';
import { Caseload } from './screens/caseload';
import { CouplePage } from './screens/couple';
import { PracticePage } from './screens/practice';
import { SignIn } from './screens/sign-in';

const EXPIRED_NOTICE = 'Your session has expired or is no longer accepted. Sign in again to continue.';
const PRACTICE_KEY = 'reconnect.dashboard.practice';

export function App({ config, initialNotice }: { config: DashboardConfig; initialNotice: string | null }) {
  const [session, setSession] = useState<StoredSession | null>(() => {
    const stored = readSession();
    return stored && stored.expiresAt > Date.now() ? stored : null;
  });
  const [notice, setNotice] = useState<string | null>(() => initialNotice ?? (readSession() && !session ? EXPIRED_NOTICE : null));

  const api = useMemo(
    () => ({
      client: createGraphqlClient(config.graphqlUrl, () => session?.accessToken ?? null),
      onUnauthenticated: () => {
        clearSession();
        setNotice(EXPIRED_NOTICE);
        setSession(null);
      },
    }),
    [config, session],
  );

  if (!session) {
    return (
      <SignIn
        config={config}
        notice={notice}
        onSignedIn={(fresh) => {
          writeSession(fresh);
          setNotice(null);
          setSession(fresh);
        }}
      />
    );
  }

  const signOut = () => {
    clearSession();
    sessionStorage.removeItem(PRACTICE_KEY);
    const url = config.auth.mode === 'cognito' ? logoutUrl(config.auth) : null;
    if (url) window.location.assign(url);
    else {
      setNotice('You signed out.');
      setSession(null);
    }
  };

  return (
    <ApiContext.Provider value={api}>
      <SignedIn onSignOut={signOut} />
    </ApiContext.Provider>
  );
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

function SignedIn({ onSignOut }: { onSignOut: () => void }) {
  const viewer = useQuery<ViewerData>(VIEWER, {}, 'viewer');
  const memberships = useQuery<MembershipsData>(MEMBERSHIPS, {}, 'memberships');
  const route = useRoute();
  const [practiceId, setPracticeId] = useState<string | null>(() => sessionStorage.getItem(PRACTICE_KEY));
  const [scopes, setScopes] = useState<Record<string, CareScope>>({});
  const content = useRef<HTMLDivElement>(null);

  // Keyboard and screen-reader users land on the new screen's content, not at the top of the old one.
  const routeKey = JSON.stringify(route);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    content.current?.focus();
  }, [routeKey]);

  if (viewer.status === 'loading') return <Loading what="your account" />;
  if (viewer.status === 'error') {
    return (
      <main id="main">
        <ErrorView title="Your account could not be loaded." error={viewer.error} onRetry={viewer.reload} />
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </main>
    );
  }

  const list = memberships.status === 'ready' ? memberships.data.me.practices : [];
  const current = list?.find((m) => m.practice.id === practiceId) ?? list?.[0];
  const choose = (id: string) => {
    sessionStorage.setItem(PRACTICE_KEY, id);
    setPracticeId(id);
    window.location.hash = hrefFor({ name: 'caseload' });
  };

  return (
    <>
      <a class="skip-link" href="#content">
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Reconnect · Care team</span>
        {current && (
          <nav aria-label="Main">
            <a href={hrefFor({ name: 'caseload' })} aria-current={route.name !== 'practice' ? 'page' : undefined}>
              Caseload
            </a>
            <a href={hrefFor({ name: 'practice' })} aria-current={route.name === 'practice' ? 'page' : undefined}>
              Practice
            </a>
          </nav>
        )}
        <span class="spacer" />
        {list && list.length > 1 && current && (
          <label class="practice-picker">
            Practice{' '}
            <select value={current.practice.id} onChange={(e) => choose(e.currentTarget.value)}>
              {list.map((m) => (
                <option key={m.practice.id} value={m.practice.id}>
                  {m.practice.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {list && list.length === 1 && current && <span class="practice-name">{current.practice.name}</span>}
        <span class="who" data-testid="signed-in-as">
          {viewer.data.me.person?.displayName ?? 'Signed in'}
        </span>
        <button type="button" class="link-button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <div id="content" tabIndex={-1} ref={content} class="content">
        {memberships.status === 'loading' && <Loading what="your practices" />}
        {memberships.status === 'error' && (
          <main id="main">
            <ErrorView title="Your practices could not be loaded." error={memberships.error} onRetry={memberships.reload} />
          </main>
        )}
        {memberships.status === 'ready' && list === null && (
          <main id="main">
            <Empty title="This sign-in does not include practice access.">Sign out and sign in again with the practice:read scope.</Empty>
          </main>
        )}
        {memberships.status === 'ready' && list !== null && !current && (
          <main id="main" data-screen="no-practice">
            <Empty title="You are not a member of any practice yet.">Ask your practice’s admin to add you as a member.</Empty>
          </main>
        )}
        {current && route.name === 'caseload' && (
          <Caseload
            practiceId={current.practice.id}
            onEntries={(entries: CaseloadEntry[]) => setScopes(Object.fromEntries(entries.map((e) => [e.couple.id, e.scope])))}
          />
        )}
        {current && route.name === 'couple' && <CouplePage coupleId={route.coupleId} practiceId={current.practice.id} scope={scopes[route.coupleId]} />}
        {current && route.name === 'practice' && <PracticePage practiceId={current.practice.id} />}
      </div>
    </>
  );
}
