// The demo company: who exists and how they use the proxy. Pure data; ids, hashes and numbers come from the
// seeded generator. Names are what a real company would use. A few low-spend rows carry hostile values on
// purpose (markup, a spreadsheet formula, pipes and braces, a newline), so every view that renders them still
// has to escape them, but never among the top spenders a new user sees first: the ML team (the smallest), two
// of its keys and alice's scratch key. Non-Latin names belong to low spenders too.

/** A spending limit. `near`/`over` set max_budget after the counters are known (≥80% / >100% used). */
export interface BudgetSpec {
  duration?: '1d' | '7d' | '30d';
  /** `zero`: the last reset happened after the last request, so the counter is 0 while history remains. */
  reset?: 'zero';
  target?: 'near' | 'over';
  maxBudget?: number;
}

export interface OrgSpec {
  ref: string;
  alias: string;
  budget: BudgetSpec;
}

export interface TeamSpec {
  ref: string;
  alias: string;
  org: string | null;
  /** `legacy`: the team still holds the DB default `{}` instead of an array (docs/reference/litellm-schema.md §9). */
  members: 'legacy' | { user: string; role: 'admin' | 'user' }[];
  /** Legacy `admins`/`members` arrays left NULL instead of `{}`. */
  nullLegacyArrays?: boolean;
  budget?: BudgetSpec;
  /** Members with a LiteLLM_TeamMembership row; up to 029f645f a row exists only with a member budget. */
  memberBudgets?: { user: string; budget: BudgetSpec }[];
  /** Team model aliases, stored in LiteLLM_ModelTable and linked by TeamTable.model_id. */
  modelAliases?: Record<string, string>;
}

export interface UserSpec {
  ref: string;
  /** Fixed user id (LiteLLM's admin id, an SSO email); otherwise a uuid. */
  id?: string;
  alias: string | null;
  email: string;
  role: string;
  org: string | null;
  extraOrgs?: { org: string; role: string }[];
  budget?: BudgetSpec;
}

/** Usage profile: which deployment and call type a key sends, by weight (`mcp` = MCP tool call). */
export type UsageMix = readonly (readonly [deployment: string, callType: string, weight: number])[];

export interface KeySpec {
  ref: string;
  alias: string;
  user: string | null;
  team: string | null;
  /** The key's own org; defaults to the team's org. */
  org?: string | null;
  profile: keyof typeof PROFILES;
  weight: number;
  tags: readonly string[];
  /** Requests pass a customer id (`end_user`) with this probability; `self` = the key owner's own id. */
  endUsers?: { ids: readonly string[] | 'self'; p: number };
  budget?: BudgetSpec;
  /** Linked through budget_id to a LiteLLM_BudgetTable row instead of the key's own columns. */
  linkedBudget?: BudgetSpec;
  /** Fractions of the data range (0 = first day, 1 = after the last day). */
  createdAt?: number;
  deletedAt?: number;
  expiresAt?: number;
  /**
   * The key's team and/or organisation before `until` (a fraction of the range); an absent field did not change.
   * Old requests keep the old ones: LiteLLM fixes them at request time (spend_tracking_utils.py ~L442).
   */
  movedFrom?: { team?: string | null; org?: string | null; until: number };
  /**
   * Regenerated at this fraction of the range: the token hash is replaced in place on the same row, spend kept
   * (key_management_endpoints.py ~L3641-3664); the old hash stays in LiteLLM_DeprecatedVerificationToken for
   * `graceDays` (key_rotation_manager.py ~L106-117).
   */
  regenerated?: { at: number; graceDays: number };
  agent?: string;
  /** Runs at night (batch jobs) instead of office hours. */
  nightly?: boolean;
  /** What the client passes as `metadata.spend_logs_metadata`. */
  spendLogsMetadata?: Record<string, string>;
}

export const PROFILES = {
  dev: [
    ['gpt-4o-azure', 'acompletion', 2],
    ['gpt-4o-openai', 'acompletion', 1],
    ['gpt-4o-mini', 'acompletion', 3],
    ['claude-sonnet', 'anthropic_messages', 5],
    ['claude-haiku', 'acompletion', 1],
    ['embedding', 'aembedding', 1],
  ],
  light: [
    ['gpt-4o-mini', 'acompletion', 3],
    ['gpt-35', 'acompletion', 2],
    ['claude-haiku', 'acompletion', 1],
  ],
  ml: [
    ['embedding', 'aembedding', 5],
    ['gpt-4o-mini', 'aresponses', 2],
    ['gpt-4o-azure', 'aresponses', 1],
    ['gemini-flash', 'acompletion', 2],
    ['rerank', 'arerank', 1],
  ],
  support: [
    ['gpt-4o-mini', 'acompletion', 5],
    ['gpt-4o-azure', 'acompletion', 2],
    ['claude-sonnet', 'acompletion', 1],
    ['claude-haiku', 'acompletion', 3],
    ['embedding', 'aembedding', 2],
    ['rerank', 'arerank', 1],
  ],
  growth: [
    ['gpt-4o-openai', 'acompletion', 2],
    ['gpt-4o-mini', 'acompletion', 3],
    ['gemini-flash', 'acompletion', 2],
    ['dall-e', 'aimage_generation', 1],
  ],
  finance: [
    ['gpt-35', 'acompletion', 2],
    ['gpt-35', 'atext_completion', 1],
    ['gpt-4o-azure', 'acompletion', 1],
    ['claude-sonnet', 'acompletion', 1],
  ],
  agent: [
    ['claude-sonnet', 'acompletion', 4],
    ['gpt-4o-mini', 'acompletion', 1],
    ['mcp', 'call_mcp_tool', 2],
    ['mcp-unnamed', 'call_mcp_tool', 0.3],
  ],
} satisfies Record<string, UsageMix>;

export const ORGS: readonly OrgSpec[] = [
  { ref: 'acme', alias: 'Engineering', budget: { maxBudget: 2500 } },
  { ref: 'zurich', alias: 'Customer Operations', budget: { target: 'near' } },
  { ref: 'initech', alias: 'Acme Zürich AG', budget: { maxBudget: 250 } },
];

export const TEAMS: readonly TeamSpec[] = [
  {
    ref: 'platform',
    alias: 'Platform Engineering',
    org: 'acme',
    members: [
      { user: 'alice', role: 'admin' },
      { user: 'bob', role: 'user' },
      { user: 'niaj', role: 'user' },
    ],
    budget: { duration: '30d', maxBudget: 600 },
    memberBudgets: [{ user: 'bob', budget: { duration: '30d', target: 'over' } }],
  },
  {
    ref: 'ml',
    alias: '<img src=x onerror=alert(1)>',
    org: 'acme',
    members: [
      { user: 'carol', role: 'admin' },
      { user: 'dan', role: 'user' },
      { user: 'alice', role: 'user' },
    ],
    memberBudgets: [{ user: 'dan', budget: { duration: '7d', maxBudget: 25 } }],
    modelAliases: { 'research-default': 'gpt-4o-mini' },
  },
  {
    ref: 'support',
    alias: 'Customer Support',
    org: 'zurich',
    members: [
      { user: 'erin', role: 'admin' },
      { user: 'frank', role: 'user' },
      { user: 'grace', role: 'user' },
    ],
    budget: { duration: '30d', target: 'near' },
    memberBudgets: [{ user: 'frank', budget: { duration: '30d', maxBudget: 50 } }],
  },
  {
    ref: 'growth',
    alias: 'Growth',
    org: 'zurich',
    members: [
      { user: 'heidi', role: 'admin' },
      { user: 'grace', role: 'user' },
    ],
    budget: { duration: '30d', target: 'over' },
  },
  { ref: 'finance', alias: 'Finance', org: 'initech', members: 'legacy', budget: { duration: '30d', reset: 'zero', maxBudget: 150 } },
  {
    ref: 'contractors',
    alias: 'Contractors',
    org: null,
    members: [
      { user: 'ken', role: 'admin' },
      { user: 'lena', role: 'user' },
    ],
    nullLegacyArrays: true,
  },
];

export const USERS: readonly UserSpec[] = [
  { ref: 'admin', id: 'default_user_id', alias: null, email: 'admin@acme.example', role: 'proxy_admin', org: null },
  {
    ref: 'alice',
    alias: 'Alice Martin',
    email: 'alice@acme.example',
    role: 'internal_user',
    org: 'acme',
    budget: { duration: '30d', target: 'near' },
  },
  { ref: 'bob', alias: 'Bob Chen', email: 'bob@acme.example', role: 'internal_user', org: 'acme' },
  { ref: 'carol', alias: 'Carol Jones', email: 'carol@acme.example', role: 'org_admin', org: 'acme' },
  { ref: 'dan', alias: "Dan O'Neil", email: 'dan@acme.example', role: 'internal_user', org: 'acme' },
  { ref: 'erin', alias: '李雷 (Lei Li)', email: 'erin@acme.example', role: 'org_admin', org: 'zurich' },
  {
    ref: 'frank',
    alias: 'Frank Müller',
    email: 'frank@acme.example',
    role: 'internal_user',
    org: 'zurich',
    budget: { duration: '30d', target: 'over' },
  },
  { ref: 'grace', alias: 'Grace Park', email: 'grace@acme.example', role: 'internal_user', org: 'zurich' },
  { ref: 'heidi', alias: 'Heidi Novak', email: 'heidi@acme.example', role: 'internal_user', org: 'zurich' },
  {
    ref: 'ivan',
    alias: 'Ivan Petrov',
    email: 'ivan@acme.example',
    role: 'internal_user',
    org: 'initech',
    budget: { duration: '1d', reset: 'zero', maxBudget: 5 },
  },
  { ref: 'judy', alias: 'Judy Kim', email: 'Judy.Kim@Acme.example', role: 'org_admin', org: 'initech' },
  { ref: 'ken', alias: 'Ken Adams (contractor)', email: 'ken@contractor.example', role: 'internal_user', org: null },
  { ref: 'lena', alias: null, email: 'lena@contractor.example', role: 'internal_user', org: null },
  { ref: 'mallory', alias: 'Mallory Reed', email: 'mallory@acme.example', role: 'internal_user_viewer', org: null },
  {
    ref: 'niaj',
    id: 'niaj@acme.example',
    alias: 'Niaj Patel',
    email: 'niaj@acme.example',
    role: 'internal_user',
    org: 'acme',
    extraOrgs: [{ org: 'zurich', role: 'internal_user_viewer' }],
  },
];

export const CUSTOMERS: readonly { id: string; alias: string | null; budget?: BudgetSpec }[] = [
  { id: 'cust-acme-retail', alias: 'Acme Retail', budget: { duration: '30d', target: 'near' } },
  { id: 'cust-globex', alias: 'Globex Corporation' },
  { id: 'cust-umbrella', alias: 'Umbrella Inc.', budget: { duration: '30d', target: 'over' } },
  { id: 'customer@example.com', alias: null },
  { id: 'cust-wayne', alias: 'Wayne Enterprises' },
];

const SUPPORT_CUSTOMERS = CUSTOMERS.map((c) => c.id);

export const KEYS: readonly KeySpec[] = [
  {
    ref: 'alice-dev',
    alias: 'alice-dev',
    user: 'alice',
    team: 'platform',
    profile: 'dev',
    weight: 10,
    tags: ['prod', 'feature:chat', 'claude-code'],
    budget: { duration: '7d', maxBudget: 60 },
  },
  {
    ref: 'alice-scratch',
    alias: '=HYPERLINK("https://example.com","scratch")',
    user: 'alice',
    team: null,
    org: null,
    profile: 'light',
    weight: 3,
    tags: ['staging'],
  },
  {
    ref: 'bob-laptop',
    alias: 'bob-laptop',
    user: 'bob',
    team: 'platform',
    profile: 'dev',
    weight: 8,
    tags: ['prod', 'claude-code'],
    budget: { duration: '30d', target: 'near' },
  },
  { ref: 'niaj-dev', alias: 'niaj-dev', user: 'niaj', team: 'platform', profile: 'dev', weight: 4, tags: ['staging', 'feature:chat'] },
  {
    ref: 'platform-ci',
    alias: 'platform-ci',
    user: null,
    team: 'platform',
    profile: 'dev',
    weight: 6,
    tags: ['staging', 'batch'],
    nightly: true,
  },
  {
    ref: 'carol-research',
    alias: 'carol-research',
    user: 'carol',
    team: 'ml',
    profile: 'ml',
    weight: 8,
    tags: ['feature:search'],
    regenerated: { at: 0.6, graceDays: 60 },
  },
  { ref: 'dan-notebook', alias: '"A | B" end {}', user: 'dan', team: 'ml', profile: 'ml', weight: 6, tags: ['staging', 'feature:search'] },
  {
    ref: 'recsys-service',
    alias: 'recsys-service',
    user: null,
    team: 'growth',
    profile: 'ml',
    weight: 7,
    tags: ['prod', 'feature:search'],
    movedFrom: { team: 'ml', until: 0.5 },
  },
  {
    ref: 'ml-batch',
    alias: 'ml-batch\nnightly',
    user: null,
    team: 'ml',
    profile: 'ml',
    weight: 5,
    tags: ['batch'],
    linkedBudget: { duration: '30d', maxBudget: 100 },
    nightly: true,
  },
  { ref: 'erin-console', alias: 'erin-console', user: 'erin', team: 'support', profile: 'support', weight: 4, tags: ['prod'] },
  { ref: 'frank-desk', alias: 'frank-desk', user: 'frank', team: 'support', profile: 'support', weight: 5, tags: ['prod', 'feature:chat'] },
  { ref: 'grace-support', alias: 'grace-support', user: 'grace', team: 'support', profile: 'support', weight: 3, tags: ['prod'] },
  {
    ref: 'support-bot',
    alias: 'support-bot (prod)',
    user: null,
    team: 'support',
    profile: 'support',
    weight: 14,
    tags: ['prod', 'customer-facing', 'feature:chat'],
    endUsers: { ids: SUPPORT_CUSTOMERS, p: 0.9 },
    spendLogsMetadata: { channel: 'web-widget' },
  },
  {
    ref: 'grace-growth',
    alias: 'grace-growth',
    user: 'grace',
    team: 'growth',
    profile: 'growth',
    weight: 3,
    tags: ['staging'],
    budget: { duration: '30d', target: 'over' },
  },
  {
    ref: 'heidi-growth',
    alias: 'heidi-growth',
    user: 'heidi',
    team: 'growth',
    profile: 'growth',
    weight: 4,
    tags: ['prod', 'feature:summarize'],
  },
  {
    ref: 'growth-experiments',
    alias: 'growth-experiments',
    user: null,
    team: 'growth',
    profile: 'growth',
    weight: 5,
    tags: ['staging', 'customer-facing'],
    endUsers: { ids: ['cust-globex', 'cust-wayne'], p: 0.3 },
  },
  {
    ref: 'ivan-personal',
    alias: 'ivan-personal',
    user: 'ivan',
    team: null,
    org: 'initech',
    profile: 'light',
    weight: 3,
    tags: [],
    movedFrom: { org: 'zurich', until: 0.45 },
  },
  {
    ref: 'judy-laptop',
    alias: 'judy-laptop',
    user: 'judy',
    team: null,
    org: null,
    profile: 'dev',
    weight: 3,
    tags: ['staging'],
    endUsers: { ids: 'self', p: 0.2 },
  },
  {
    ref: 'finance-reports',
    alias: 'finance-reports',
    user: null,
    team: 'finance',
    profile: 'finance',
    weight: 4,
    tags: ['batch', 'prod'],
    budget: { duration: '30d', reset: 'zero', maxBudget: 50 },
    nightly: true,
  },
  {
    ref: 'invoice-ocr',
    alias: 'invoice-ocr',
    user: null,
    team: 'finance',
    profile: 'finance',
    weight: 3,
    tags: ['prod'],
    budget: { duration: '30d', target: 'near' },
  },
  { ref: 'ken-contract', alias: 'ken-contract', user: 'ken', team: 'contractors', profile: 'dev', weight: 3, tags: ['staging'] },
  { ref: 'lena-contract', alias: 'lena-contract', user: 'lena', team: 'contractors', profile: 'light', weight: 2, tags: [] },
  {
    ref: 'bob-old-laptop',
    alias: 'bob-old-laptop',
    user: 'bob',
    team: 'platform',
    profile: 'dev',
    weight: 5,
    tags: ['prod'],
    deletedAt: 0.4,
  },
  {
    ref: 'docs-agent',
    alias: 'docs-agent',
    user: null,
    team: 'platform',
    profile: 'agent',
    weight: 4,
    tags: ['feature:summarize'],
    agent: 'docs-agent',
  },
  { ref: 'carol-legacy', alias: 'carol-legacy', user: 'carol', team: 'ml', profile: 'light', weight: 2, tags: [], expiresAt: 0.3 },
  { ref: 'heidi-new', alias: 'heidi-new', user: 'heidi', team: 'growth', profile: 'growth', weight: 3, tags: ['prod'], createdAt: 0.7 },
];

/**
 * Requests made with the master key. LiteLLM stores its SHA-256 hash as `api_key` by default, the literal
 * `litellm_proxy_master_key` only with `disable_adding_master_key_hash_to_db` (spend_tracking_utils.py ~L296-330).
 */
export const MASTER_KEY = { weight: 2, profile: 'dev', tags: ['adhoc-experiment'] } as const;

/** The demo proxy's master key (a demo value, like LiteLLM's documented `sk-1234`). */
export const DEMO_MASTER_KEY = 'sk-lens-demo-master-key';

/** Tags with a LiteLLM_TagTable row; `adhoc-experiment` is used in requests but has none. */
export const TAGS: readonly { name: string; description: string; budget?: BudgetSpec }[] = [
  { name: 'prod', description: 'Production traffic' },
  { name: 'staging', description: 'Staging and CI' },
  { name: 'feature:search', description: 'Semantic search' },
  { name: 'feature:chat', description: 'Chat assistant' },
  { name: 'feature:summarize', description: 'Summaries' },
  { name: 'customer-facing', description: 'Requests on behalf of customers' },
  { name: 'claude-code', description: 'Claude Code sessions' },
  { name: 'batch', description: 'Nightly batch jobs', budget: { duration: '30d', maxBudget: 200 } },
];

export const AGENTS: readonly { ref: string; name: string }[] = [{ ref: 'docs-agent', name: 'Docs Agent' }];
