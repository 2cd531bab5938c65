/**
 * The connecting role's powers beyond reading. A READ ONLY transaction is not a sandbox: a superuser (LiteLLM's
 * DATABASE_URL is often the container's bootstrap superuser) or a member of these roles can still run shell
 * commands (`COPY … TO PROGRAM`), write or read server files, or signal other backends from inside it.
 */
export const PRIVILEGED_ROLES = [
  'pg_execute_server_program',
  'pg_write_server_files',
  'pg_read_server_files',
  'pg_signal_backend',
] as const;

export interface RoleInfo {
  /** current_user. */
  name: string;
  superuser: boolean;
  /** The roles of PRIVILEGED_ROLES this role is a member of (directly or not). */
  memberOf: string[];
  /** Superuser or a member of any of PRIVILEGED_ROLES: user-supplied SQL needs a confirmation. */
  privileged: boolean;
}

/** One row: the role's name, superuser flag and privileged memberships (roles absent on old servers are skipped). */
export const ROLE_INFO_SQL = `SELECT current_user AS name,
  (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
  ARRAY(SELECT r.rolname::text FROM pg_roles r WHERE r.rolname = ANY($1::text[]) AND pg_has_role(current_user, r.oid, 'MEMBER') ORDER BY r.rolname) AS member_of`;

export function roleInfoOf(row: { name: string; superuser: boolean | null; member_of: string[] }): RoleInfo {
  const superuser = row.superuser === true;
  return { name: row.name, superuser, memberOf: row.member_of, privileged: superuser || row.member_of.length > 0 };
}

/** `postgres: superuser` / `lens: member of pg_signal_backend` / `lens_ro: no privileges beyond reading`. */
export function describeRole(role: RoleInfo): string {
  if (role.superuser) return `role "${role.name}" is a superuser (can run shell commands and write files on the server)`;
  if (role.memberOf.length > 0) return `role "${role.name}" is a member of ${role.memberOf.join(', ')}`;
  return `role "${role.name}" has no privileges beyond reading`;
}

/** One line for a privileged role: what it means and what to do instead. */
export function privilegedWarning(role: RoleInfo): string {
  return `the ${describeRole(role)}; a read-only transaction does not stop such a role. Connect with a least-privilege role (README: "Least-privilege role").`;
}
