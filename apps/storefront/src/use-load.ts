import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Problem, Result } from './api';

export type Loadable<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly data: T }
  | { readonly status: 'failed'; readonly problem: Problem };

export interface Load<T> {
  readonly state: Loadable<T>;
  /** Loads again showing the loading state (after a failure: "Try again"). */
  readonly reload: () => void;
  /** Loads again in the background, keeping what is shown when that fails. */
  readonly refresh: () => Promise<void>;
}

/** Loads data for a page; answers that arrive after the page moved on are dropped. */
export function useLoad<T>(load: () => Promise<Result<T>>, deps: readonly unknown[]): Load<T> {
  const [state, setState] = useState<Loadable<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    const mine = ++generation.current;
    setState({ status: 'loading' });
    void loadRef.current().then((result) => {
      if (generation.current !== mine) return;
      setState(result.ok ? { status: 'ready', data: result.data } : { status: 'failed', problem: result.problem });
    });
    return () => {
      generation.current++;
    };
    // The caller's deps decide when to load again (the loader itself changes on every render).
  }, [...deps, attempt]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const refresh = useCallback(async () => {
    const mine = generation.current;
    const result = await loadRef.current();
    if (generation.current === mine && result.ok) setState({ status: 'ready', data: result.data });
  }, []);
  return { state, reload, refresh };
}
