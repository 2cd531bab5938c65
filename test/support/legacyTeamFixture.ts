import type pg from 'pg';

/**
 * What older LiteLLM versions wrote and the original analysis relied on: the legacy single team on the user row
 * (/user/new with team_id), and two teams of one organisation with equal spend counters ('twin-team' copies the
 * first team, by alias, of an organisation with spend).
 */
export async function addLegacyTeamRows(admin: pg.Client): Promise<void> {
  await admin.query(`UPDATE "LiteLLM_UserTable" SET team_id = teams[1] WHERE cardinality(teams) > 0`);
  await admin.query(`INSERT INTO "LiteLLM_TeamTable" (team_id, team_alias, organization_id, spend, members_with_roles, updated_at)
                     SELECT 'twin-team', 'Twin of ' || team_alias, organization_id, spend, '[]', now() FROM "LiteLLM_TeamTable"
                     WHERE organization_id IS NOT NULL AND spend > 0 ORDER BY team_alias LIMIT 1`);
}
