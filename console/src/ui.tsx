/**
 * Small shared pieces of the console: loading data, showing errors, tables, fields, a bar chart
 * and file downloads. Every control has a visible label; errors are announced (role="alert").
 */
import type { ComponentChildren, JSX } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { errorText, ParleyApiError } from './api';

/** The state of a load: data, error or pending, and a reload. */
export interface Loaded<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  readonly reload: () => void;
}

/** Runs `load` on mount and whenever `deps` change (and on `reload()`). */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[] = []): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setLoading(true);
    load().then(
      (d) => {
        if (!live) return;
        setData(d);
        setError(undefined);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(e);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload };
}

/** An error as the node gave it: message, code and the details (row, column, field ...). */
export function ErrorBox({ error, title }: { error: unknown; title?: string }): JSX.Element | null {
  if (error === undefined || error === null) return null;
  // Scalars only: lists (an import's bad cells) are shown by their page as a table.
  const details: [string, string | number | boolean][] = [];
  if (error instanceof ParleyApiError) {
    for (const [k, v] of Object.entries(error.details)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
        details.push([k, v]);
      }
    }
  }
  return (
    <div class="error" role="alert">
      <strong>{title ?? 'The node refused the request'}</strong>
      <p>{errorText(error)}</p>
      {details.length > 0 && (
        <dl class="details">
          {details.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{String(v)}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

/** Renders `children(data)` once loaded, else a status line or the error. */
export function Show<T>({
  loaded,
  children,
}: {
  loaded: Loaded<T>;
  children: (data: T) => ComponentChildren;
}): JSX.Element {
  if (loaded.error !== undefined) return <ErrorBox error={loaded.error} title="Could not load" />;
  if (loaded.data === undefined)
    return (
      <p class="muted" role="status">
        Loading…
      </p>
    );
  return <>{children(loaded.data)}</>;
}

/** A page heading that takes the focus when the page opens (for keyboard and screen readers). */
export function PageTitle({ children }: { children: ComponentChildren }): JSX.Element {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}

/** A short hash or address with the full value in the title and a copy-friendly <code>. */
export function Hash({
  value,
  full,
}: {
  value: string | null | undefined;
  full?: boolean;
}): JSX.Element {
  if (value === null || value === undefined || value === '') return <span class="muted">—</span>;
  const text =
    full === true || value.length <= 18 ? value : `${value.slice(0, 10)}…${value.slice(-6)}`;
  return (
    <code class="hash" title={value}>
      {text}
    </code>
  );
}

/** A status badge. */
export function Badge({ value }: { value: string }): JSX.Element {
  return (
    <span class={`badge badge-${value.replace(/[^a-z_]/g, '')}`}>{value.replace(/_/g, ' ')}</span>
  );
}

/** A labelled form field (label + control + optional hint). */
export function Field({
  label,
  hint,
  children,
  id,
}: {
  label: string;
  hint?: string;
  id: string;
  children: ComponentChildren;
}): JSX.Element {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint !== undefined && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
    </div>
  );
}

/** A button that runs an async action, shows it is busy, and reports a failure next to it. */
export function ActionButton({
  label,
  busyLabel,
  action,
  kind,
  disabled,
}: {
  label: string;
  busyLabel?: string;
  action: () => Promise<unknown>;
  kind?: 'primary' | 'danger' | 'plain';
  disabled?: boolean;
}): JSX.Element {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const run = (): void => {
    setBusy(true);
    setError(undefined);
    action().then(
      () => setBusy(false),
      (e: unknown) => {
        setBusy(false);
        setError(e);
      },
    );
  };
  return (
    <span class="action">
      <button
        type="button"
        class={kind ?? 'plain'}
        onClick={run}
        disabled={busy || disabled === true}
      >
        {busy ? (busyLabel ?? `${label}…`) : label}
      </button>
      <ErrorBox error={error} />
    </span>
  );
}

/** Offers `content` as a file download (a Blob URL, released after the click). */
export function download(name: string, type: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A horizontal bar chart (inline SVG, no script or style from elsewhere). */
export function BarChart({
  title,
  labels,
  values,
  unit,
}: {
  title: string;
  labels: readonly string[];
  values: readonly number[];
  unit?: string;
}): JSX.Element {
  const max = Math.max(1e-9, ...values.map((v) => Math.abs(v)));
  const rowH = 28;
  const labelW = 140;
  const barW = 360;
  const h = rowH * values.length + 8;
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg
        role="img"
        aria-label={`${title}: ${labels.map((l, i) => `${l} ${fmt(values[i]!)}`).join(', ')}`}
        viewBox={`0 0 ${labelW + barW + 90} ${h}`}
        width="100%"
      >
        {values.map((v, i) => {
          const w = (Math.abs(v) / max) * barW;
          const y = 4 + i * rowH;
          return (
            <g key={i}>
              <text x={labelW - 8} y={y + 18} text-anchor="end" class="chart-label">
                {labels[i]}
              </text>
              <rect
                x={labelW}
                y={y + 4}
                width={w}
                height={rowH - 10}
                class={v < 0 ? 'bar neg' : 'bar'}
              />
              <text x={labelW + w + 6} y={y + 18} class="chart-value">
                {fmt(v)}
                {unit ?? ''}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** A number for people: at most 4 decimals, grouped thousands. */
export function fmt(v: unknown): string {
  if (typeof v === 'number')
    return v.toLocaleString('en-US', { maximumFractionDigits: Number.isInteger(v) ? 0 : 4 });
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

/** An ISO time as local date and time. */
export function when(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('en-GB', { hour12: false });
}
