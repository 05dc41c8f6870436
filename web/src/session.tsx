import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken, whenSignedOut } from './api.js';

export type Role = 'owner' | 'admin' | 'agent';

export interface Who {
  readonly actor: { readonly kind: 'operator' | 'user' | 'api_key'; readonly id: string; readonly label: string; readonly role: Role | 'operator' };
  readonly business: { readonly id: string; readonly name: string } | null;
  readonly csrf_token: string | null;
}

const rank: Readonly<Record<Role | 'operator', number>> = { agent: 1, admin: 2, owner: 3, operator: 4 };

/** Whether the signed-in person holds at least `least` (the server checks it again on every call). */
export function holds(who: Who, least: Role): boolean {
  return rank[who.actor.role] >= rank[least];
}

interface SessionState {
  readonly who: Who;
  /** The business the pages show: a user's own, or the one the operator picked. */
  readonly businessId: string | undefined;
  setBusinessId(id: string): void;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

export function useWho(): { readonly who: Who | undefined; readonly loading: boolean; readonly signedOut: boolean } {
  const client = useQueryClient();
  useEffect(() => whenSignedOut(() => client.setQueryData(['session'], null)), [client]);
  const query = useQuery({
    queryKey: ['session'],
    queryFn: async () => {
      try {
        const who = await api<Who>('GET', '/admin/session');
        setCsrfToken(who.csrf_token);
        return who;
      } catch (error) {
        if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return null;
        throw error;
      }
    },
    staleTime: Infinity,
    retry: false,
  });
  return { who: query.data ?? undefined, loading: query.isPending, signedOut: query.data === null };
}

export function SessionProvider({ who, children }: { readonly who: Who; readonly children: ReactNode }) {
  const [picked, setPicked] = useState<string | undefined>(() => window.localStorage.getItem('kabar.business') ?? undefined);
  const setBusinessId = (id: string): void => {
    window.localStorage.setItem('kabar.business', id);
    setPicked(id);
  };
  const businessId = who.business?.id ?? picked;
  return <SessionContext.Provider value={{ who, businessId, setBusinessId }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const context = useContext(SessionContext);
  if (context === undefined) throw new Error('useSession outside SessionProvider');
  return context;
}
