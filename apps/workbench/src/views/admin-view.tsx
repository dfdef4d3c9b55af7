/**
 * Server administration (admins of every project, `*`): projects, users
 * and API tokens, over the REST routes the CLI's commands mirror (see
 * `src/admin/`). Everyone else is told the page is not for them.
 */
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import { fetchProjects, type Me } from '../api.js';
import { isServerAdmin } from '../access.js';
import { fetchTokens, fetchUsers } from '../admin-api.js';
import { ProjectAdmin } from '../admin/project-admin.js';
import { TokenAdmin } from '../admin/token-admin.js';
import { UserAdmin } from '../admin/user-admin.js';
import { bothLoaded, useLoad } from './use-load.js';
import { LoadingPage, ProblemPage } from './page-messages.js';


/** The administration page. */
export function AdminView({ me }: { readonly me: Me }): JSX.Element {
  if (!isServerAdmin(me)) return <ProblemPage title="Administration">Administration is for server administrators (admin of every project); {me.user} is not one.</ProblemPage>;
  return <AdminPage me={me} />;
}

function AdminPage({ me }: { readonly me: Me }): JSX.Element {
  const [reloadKey, setReloadKey] = useState(0);
  const reload = (): void => setReloadKey((key) => key + 1);
  const projects = useLoad(fetchProjects, [], reloadKey);
  const people = bothLoaded(
    useLoad(fetchUsers, [], reloadKey),
    useLoad(fetchTokens, [], reloadKey),
  );
  // A reload after an action keeps the values shown until the new ones come (see `useLoad`), so the forms stay.
  const loaded = bothLoaded(projects, people);
  if (loaded.kind === 'failed') return <ProblemPage title="Administration">{loaded.message}</ProblemPage>;
  if (loaded.kind === 'loading') return <LoadingPage>Loading projects, users and tokens…</LoadingPage>;
  const [projectList, [users, tokens]] = loaded.value;
  return (
    <main id="main" class="page admin" data-testid="admin">
      <h1>Administration</h1>
      <ProjectAdmin projects={projectList} onChanged={reload} />
      <UserAdmin me={me.user} users={users} projects={projectList} onChanged={reload} />
      <TokenAdmin tokens={tokens} users={users} onChanged={reload} />
    </main>
  );
}
