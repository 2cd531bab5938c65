/**
 * CloudZero Resource Names: `czrn:<provider>:<service-type>:<region>:<owner-account-id>:<resource-type>:<cloud-local-id>`
 * (docs/reference/cloudzero.md §1.5). CloudZero publishes no grammar; the regex is the one ll2cz and LiteLLM validate
 * with. Its last group accepts `:`, which is how ll2cz shipped 8-field CZRNs, so a CZRN here must also have
 * exactly seven `:`-separated fields.
 */

/** ll2cz's and LiteLLM's CZRN regex. */
export const CZRN_PATTERN = /^czrn:([a-z0-9-]+):([a-zA-Z0-9-]+):([a-z0-9-]+):([a-z0-9-]+):([a-z0-9-]+):(.+)$/;

export interface CzrnParts {
  provider: string;
  serviceType: string;
  region: string;
  ownerAccountId: string;
  resourceType: string;
  cloudLocalId: string;
}

/** Why a CZRN string is not acceptable, or undefined when it is. */
export function czrnProblem(czrn: string): string | undefined {
  if (!CZRN_PATTERN.test(czrn)) return `CZRN ${JSON.stringify(czrn)} does not match ${CZRN_PATTERN.source}`;
  const fields = czrn.split(':').length;
  if (fields !== 7) return `CZRN ${JSON.stringify(czrn)} has ${fields} ':'-separated fields, not 7 (a component contains ':')`;
  return undefined;
}

export function isValidCzrn(czrn: string): boolean {
  return czrnProblem(czrn) === undefined;
}

/** Joins the six parts; the caller validates (rows with a bad CZRN are reported, never silently fixed). */
export function czrnOf(parts: CzrnParts): string {
  return `czrn:${parts.provider}:${parts.serviceType}:${parts.region}:${parts.ownerAccountId}:${parts.resourceType}:${parts.cloudLocalId}`;
}

/** The six fields of a valid CZRN (after the `czrn` prefix). */
export function parseCzrn(czrn: string): CzrnParts {
  const problem = czrnProblem(czrn);
  if (problem) throw new RangeError(problem);
  const [, provider, serviceType, region, ownerAccountId, resourceType, cloudLocalId] = czrn.split(':');
  return { provider, serviceType, region, ownerAccountId, resourceType, cloudLocalId };
}
