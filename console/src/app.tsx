/**
 * The console shell: sign-in, then a header, the main navigation and the page named by the URL
 * hash (`#/jobs/7`). Hash routes keep every page reachable by URL without the node having to
 * know the console's routes; they carry ids only, never a token.
 */
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { errorText, resumeSession, signIn, signOut, type Session } from './api';
import { AuditPage } from './pages/audit';
import { CatalogPage, DatasetsPage } from './pages/datasets';
import { GovernancePage } from './pages/governance';
import { GrantsPage } from './pages/grants';
import { InboxPage } from './pages/inbox';
import { JobPage, JobsPage } from './pages/jobs';
import { OverviewPage } from './pages/overview';
import { PolicyPage } from './pages/policy';
import { ErrorBox } from './ui';

const NAV: readonly (readonly [string, string])[] = [
  ['', 'Overview'],
  ['datasets', 'Datasets'],
  ['catalog', 'Catalog'],
  ['grants', 'Grants'],
  ['inbox', 'Inbox'],
  ['jobs', 'Jobs'],
  ['audit', 'Audit'],
  ['governance', 'Members & governance'],
  ['policy', 'Policy'],
];

const route = (): string[] =>
  location.hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter((p) => p !== '');

function useRoute(): string[] {
  const [r, setR] = useState(route());
  useEffect(() => {
    const on = (): void => setR(route());
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return r;
}

function Page({ parts }: { parts: string[] }): JSX.Element {
  const [page, id] = parts;
  switch (page ?? '') {
    case '':
      return <OverviewPage />;
    case 'datasets':
      return <DatasetsPage />;
    case 'catalog':
      return <CatalogPage />;
    case 'grants':
      return <GrantsPage />;
    case 'inbox':
      return <InboxPage />;
    case 'jobs':
      return id === undefined ? <JobsPage /> : <JobPage id={id} key={id} />;
    case 'audit':
      return <AuditPage id={id} key={id ?? ''} />;
    case 'governance':
      return <GovernancePage />;
    case 'policy':
      return <PolicyPage />;
    default:
      return (
        <p role="alert">
          No page “{page}”. <a href="#/">Go to the overview</a>.
        </p>
      );
  }
}

function SignIn({ onSignedIn }: { onSignedIn: (s: Session) => void }): JSX.Element {
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);
  const submit = (e: Event): void => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    signIn(token.trim()).then(
      (s) => {
        setToken('');
        onSignedIn(s);
      },
      (err: unknown) => {
        setBusy(false);
        setError(err);
      },
    );
  };
  return (
    <main class="signin" id="main">
      <h1>Parley console</h1>
      <p>
        Sign in with this node’s API token: the file <code>keys/api.token</code> in the node’s
        directory (<code>npm start</code> prints its path). The token is exchanged for a session
        cookie and not stored by the browser.
      </p>
      <form onSubmit={submit}>
        <div class="field">
          <label for="token">API token</label>
          <input
            id="token"
            name="token"
            type="password"
            autocomplete="off"
            required
            value={token}
            onInput={(e) => setToken(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <ErrorBox error={error} title="Sign-in failed" />
    </main>
  );
}

/** The whole console. */
export function App(): JSX.Element {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [fatal, setFatal] = useState<string | null>(null);
  const parts = useRoute();
  useEffect(() => {
    resumeSession().then(setSession, (e: unknown) => setFatal(errorText(e)));
  }, []);
  useEffect(() => {
    const node = session?.node;
    document.title =
      node === undefined
        ? 'Parley console'
        : `${NAV.find(([p]) => p === (parts[0] ?? ''))?.[1] ?? 'Parley'} · ${node} · Parley`;
  }, [session, parts]);
  if (fatal !== null) return <p role="alert">The node did not answer: {fatal}</p>;
  if (session === undefined)
    return (
      <p class="muted" role="status">
        Loading…
      </p>
    );
  if (session === null) return <SignIn onSignedIn={setSession} />;
  const current = parts[0] ?? '';
  return (
    <>
      <a
        class="skip"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header class="top">
        <span class="brand">Parley</span>
        <span class="org" data-testid="org">
          {session.node}
        </span>
        <button
          type="button"
          class="plain"
          onClick={() => {
            void signOut().finally(() => setSession(null));
          }}
        >
          Sign out
        </button>
      </header>
      <div class="layout">
        <nav aria-label="Main">
          <ul>
            {NAV.map(([path, label]) => (
              <li key={path}>
                <a href={`#/${path}`} aria-current={current === path ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          <Page parts={parts} />
        </main>
      </div>
    </>
  );
}
