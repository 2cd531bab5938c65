import type { Budget } from './budgets';
import type { KeySpec, TeamSpec } from './cast';
import type { Deployment } from './models';
import type { DemoRange } from './range';

// The demo company's entities once ids, hashes and time windows are drawn (see world.ts).

export interface Org {
  ref: string;
  id: string;
  alias: string;
  budget: Budget;
  createdAt: number;
}

export interface Team {
  ref: string;
  id: string;
  alias: string;
  org: Org | null;
  spec: TeamSpec;
  /** Limits on the team's own columns. */
  budget: Budget | null;
  createdAt: number;
  /** LiteLLM_ModelTable row holding the team's model aliases. */
  modelTableId: number | null;
}

export interface User {
  ref: string;
  id: string;
  alias: string | null;
  email: string;
  role: string;
  org: Org | null;
  extraOrgs: { org: Org; role: string }[];
  teams: Team[];
  budget: Budget | null;
  createdAt: number;
  ip: string;
}

/** A LiteLLM_TeamMembership row (members with a member budget only). */
export interface Membership {
  user: User;
  team: Team;
  budget: Budget;
}

export interface Key {
  ref: string;
  spec: KeySpec;
  raw: string;
  /** sha256 hex of `raw`: VerificationToken.token and SpendLogs.api_key. */
  token: string;
  keyName: string;
  alias: string;
  user: User | null;
  team: Team | null;
  org: Org | null;
  agentId: string | null;
  /** Limits on the key's own columns. */
  budget: Budget | null;
  /** Limits through budget_id. */
  linkedBudget: Budget | null;
  createdAt: number;
  /** The key sends requests in [activeFrom, activeUntil). */
  activeFrom: number;
  activeUntil: number;
  deletedAt: number | null;
  expiresAt: number | null;
  /** The team and org (request-time values) the key had before `until`. */
  movedFrom: { team: Team | null; org: Org | null; until: number } | null;
  /** Regenerated at `at`: requests before it carry `previousToken`, kept in DeprecatedVerificationToken until `revokeAt`. */
  regeneration: { previousToken: string; at: number; revokeAt: number } | null;
  ip: string;
}

export interface Customer {
  id: string;
  alias: string | null;
  budget: Budget | null;
}

export interface Tag {
  name: string;
  description: string;
  budget: Budget | null;
  createdAt: number;
}

export interface Agent {
  id: string;
  name: string;
  createdAt: number;
}

export interface DeployedModel {
  deployment: Deployment;
  /** ProxyModelTable uuid for DB deployments, a 64-hex hash for config deployments. */
  modelId: string;
}

/** Every entity of the demo company with concrete ids, hashes and time windows. */
export interface World {
  range: DemoRange;
  orgs: Org[];
  teams: Team[];
  users: User[];
  memberships: Membership[];
  keys: Key[];
  customers: Customer[];
  tags: Tag[];
  agents: Agent[];
  models: DeployedModel[];
  /** Every LiteLLM_BudgetTable row (org, member, linked key, customer and tag budgets). */
  budgetRows: Budget[];
  /** `api_key` of master-key calls: the master key's hash, or the literal when hashing is disabled. */
  masterApiKey: string;
}
