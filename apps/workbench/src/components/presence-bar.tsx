/**
 * Who is here: an avatar for each user with the document open, from the
 * content room's awareness. Names are rendered as text. An annotator of an
 * independent project is sent hidden states in place of the others'
 * (collab's blind rule, applied by the server): they show as one avatar
 * saying that others are here, without who.
 */
import { useEffect, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { Awareness } from 'y-protocols/awareness';
import { isHiddenAwarenessState } from '@glossa/collab';
import { presenceColor, presenceName } from '@glossa/prosemirror';
import { initials } from '../user-color.js';

/** One person present. */
export interface PresentUser {
  readonly id: string;
  readonly name: string;
  readonly color: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The users present in an awareness, one entry per user id, sorted by name; hidden states are left out. */
export function presentUsers(awareness: Awareness): PresentUser[] {
  const users = new Map<string, PresentUser>();
  awareness.getStates().forEach((state, clientId) => {
    if (isHiddenAwarenessState(state)) return;
    const user = isRecord(state) && isRecord(state.user) ? state.user : undefined;
    if (user === undefined) return;
    const id = typeof user.id === 'string' ? user.id : `client-${clientId}`;
    users.set(id, { id, name: presenceName(user, clientId), color: presenceColor(user) });
  });
  return [...users.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Whether the awareness holds a hidden state: someone is here whom this user may not see. */
export function othersHidden(awareness: Awareness): boolean {
  for (const state of awareness.getStates().values()) if (isHiddenAwarenessState(state)) return true;
  return false;
}

/** The avatars of who is here. */
export function PresenceBar({ awareness, me }: { readonly awareness: Awareness; readonly me: string }): JSX.Element {
  const [users, setUsers] = useState<PresentUser[]>(() => presentUsers(awareness));
  const [hidden, setHidden] = useState(() => othersHidden(awareness));
  useEffect(() => {
    const update = (): void => {
      setUsers(presentUsers(awareness));
      setHidden(othersHidden(awareness));
    };
    awareness.on('change', update);
    update();
    return () => awareness.off('change', update);
  }, [awareness]);
  return (
    <ul class="presence" aria-label="People in this document" data-testid="presence">
      {users.map((user) => (
        <li key={user.id} class="avatar" style={{ backgroundColor: user.color }} title={user.name} data-user={user.id}>
          <span aria-hidden="true">{initials(user.name)}</span>
          <span class="visually-hidden">{user.id === me ? `${user.name} (you)` : user.name}</span>
        </li>
      ))}
      {hidden && (
        <li class="avatar avatar-hidden" title="Others have this document open; in this project you work blind, so who they are is not shown" data-testid="presence-hidden">
          <span aria-hidden="true">+</span>
          <span class="visually-hidden">Others are here (not named: you work blind in this project)</span>
        </li>
      )}
    </ul>
  );
}
