import { describeRole } from '../../core/db/roleInfo';
import type { SessionInfo } from './lensSession';

/**
 * Whether SQL the user (or a repository) supplied must be confirmed before it runs: the role can do more than
 * read (a READ ONLY transaction does not stop `COPY … TO PROGRAM`, server files or signalling backends), and the
 * user has not yet confirmed for this connection. The generated demo database is exempt.
 */
export function userSqlNeedsConfirmation(info: SessionInfo, confirmed: boolean): boolean {
  return info.role.privileged && !confirmed && info.target.kind !== 'demo';
}

/** The modal's text. */
export function userSqlWarning(info: SessionInfo, what: string): { message: string; detail: string } {
  return {
    message: `${what} with a privileged role? The connection's ${describeRole(info.role)}.`,
    detail:
      'LiteLLM Lens runs every statement in a read-only transaction, but that does not stop such a role from running ' +
      'programs or writing files on the database server, or stopping other sessions. Run only SQL you have read. ' +
      'To avoid this question, connect with a least-privilege role (see the README: "Least-privilege role"). ' +
      'You are asked once per connection.',
  };
}
