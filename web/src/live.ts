import { useEffect, useState } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';

export type LiveState = 'connecting' | 'live' | 'reconnecting';

/** Which cached queries each kind of change makes stale. */
const touches: Readonly<Record<string, readonly string[]>> = {
  message: ['messages', 'chat', 'overview', 'sim-users', 'message'],
  status: ['messages', 'chat', 'message'],
  webhook: ['overview', 'message'],
  attempt: ['overview', 'message'],
  notification: ['notifications', 'templates', 'number'],
  clock: ['clock', 'overview', 'chat', 'messages', 'message', 'templates', 'number'],
  'sim-user': ['sim-users'],
};

function invalidator(client: QueryClient): (kind: string) => void {
  const pending = new Set<string>();
  let scheduled = false;
  return (kind) => {
    if (kind === 'reset') {
      void client.invalidateQueries();
      return;
    }
    for (const key of touches[kind] ?? []) pending.add(key);
    if (scheduled) return;
    scheduled = true;
    // Many changes arrive together (a clock advance applies hundreds of statuses): refetch once for them all.
    window.setTimeout(() => {
      scheduled = false;
      const keys = [...pending];
      pending.clear();
      for (const key of keys) void client.invalidateQueries({ queryKey: [key] });
    }, 150);
  };
}

/**
 * Live updates over Server-Sent Events. The browser reconnects by itself and sends Last-Event-ID;
 * Kabar replays what was missed, or says `reset` and every page refetches.
 */
export function useLiveUpdates(enabled: boolean): LiveState {
  const client = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    if (!enabled) return undefined;
    const source = new EventSource('/admin/events', { withCredentials: true });
    const invalidate = invalidator(client);
    source.onopen = () => setState('live');
    source.onerror = () => setState('reconnecting');
    for (const kind of [...Object.keys(touches), 'reset']) source.addEventListener(kind, () => invalidate(kind));
    return () => source.close();
  }, [client, enabled]);
  return state;
}
