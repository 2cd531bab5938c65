import { MASTER_KEY, PROFILES, type UsageMix } from './cast';
import { MCP_TOOLS } from './models';
import type { Rng } from './random';
import type { DemoRequest } from './request';
import { DAY_MS, HOUR_MS } from './time';
import { drawUsage, responseId } from './usage';
import type { VersionFeatures } from '../versions';
import type { DeployedModel, Key, World } from './entities';

/** Who sends a request: a virtual key, or the master key (`key` null). */
interface Actor {
  key: Key | null;
  weight: number;
  mix: UsageMix;
  from: number;
  until: number;
}

const ERRORS = [
  { type: 'RateLimitError', code: '429', message: 'litellm.RateLimitError: Rate limit reached for requests' },
  { type: 'APIConnectionError', code: '500', message: 'litellm.APIConnectionError: Connection error.' },
  { type: 'BadRequestError', code: '400', message: "litellm.BadRequestError: This model's maximum context length is 128000 tokens" },
  { type: 'Timeout', code: '408', message: 'litellm.Timeout: Request timed out after 600.0 seconds' },
];

/** Rejections before routing (user_api_key_auth / budget checks): no deployment, spend 0. */
const REJECTIONS = [
  { type: 'BudgetExceededError', code: '400', message: 'Budget has been exceeded! Current cost: 61.2, Max budget: 60.0' },
  { type: 'ProxyException', code: '401', message: 'Authentication Error, Invalid proxy server token passed.' },
];

// UTC hour weights: office hours across Europe and the US.
const HOUR_WEIGHTS = [1, 1, 1, 1, 1, 2, 4, 7, 10, 12, 12, 11, 10, 11, 12, 13, 13, 12, 9, 6, 4, 3, 2, 1];
const HOURS = HOUR_WEIGHTS.map((_, h) => h);

/** Simulates every proxy call of the range, in start-time order. */
export function simulateTraffic(world: World, features: VersionFeatures, rng: Rng): DemoRequest[] {
  const { range } = world;
  const actors: Actor[] = [
    ...world.keys.map((key) => ({
      key,
      weight: key.spec.weight,
      mix: PROFILES[key.spec.profile],
      from: key.activeFrom,
      until: key.activeUntil,
    })),
    { key: null, weight: MASTER_KEY.weight, mix: PROFILES[MASTER_KEY.profile], from: range.from, until: range.end },
  ];
  const state = new Traffic(world, features, rng);
  const requests: DemoRequest[] = [];
  for (let day = range.from; day < range.end; day += DAY_MS) {
    const weekday = new Date(day).getUTCDay();
    const factor = weekday === 0 || weekday === 6 ? 0.6 : 1.15;
    const count = Math.round(range.requestsPerDay * factor * (0.8 + 0.4 * rng.next()));
    const active = actors.filter((a) => a.from < day + DAY_MS && a.until > day);
    const starts: { actor: Actor; start: number }[] = [];
    for (let i = 0; i < count; i++) {
      const actor = rng.weighted(active, (a) => a.weight);
      const hour = actor.key?.spec.nightly ? rng.int(1, 4) : rng.weighted(HOURS, (h) => HOUR_WEIGHTS[h]);
      let start = day + hour * HOUR_MS + rng.int(0, HOUR_MS - 1);
      // Keys created, deleted or expiring that day only send inside their lifetime.
      if (start < actor.from || start >= actor.until) {
        const lo = Math.max(actor.from, day);
        start = lo + Math.floor(rng.next() * (Math.min(actor.until, day + DAY_MS) - lo));
      }
      starts.push({ actor, start });
    }
    starts.sort((a, b) => a.start - b.start);
    for (const { actor, start } of starts) requests.push(state.request(actor, start));
  }
  return requests;
}

/** Per-run state: unique ids, open sessions and recent responses that a cache hit can replay. */
class Traffic {
  private readonly ids = new Set<string>();
  private readonly sessions = new Map<Key | null, string>();
  private readonly cached = new Map<string, DemoRequest>();

  constructor(
    private readonly world: World,
    private readonly features: VersionFeatures,
    private readonly rng: Rng,
  ) {}

  request(actor: Actor, start: number): DemoRequest {
    const { rng } = this;
    const [target, callType] = rng.weighted(actor.mix, (m) => m[2]);
    const key = actor.key;
    const moved = key?.movedFrom && start < key.movedFrom.until ? key.movedFrom : null;
    const mcpNamed = target === 'mcp' && this.features.mcpTools;
    const skipped = target === 'mcp-unnamed' || (target === 'mcp' && !mcpNamed);
    const endUsers = key?.spec.endUsers;
    // A regenerated key's earlier requests keep the old hash (the row's token is replaced in place).
    const apiKey = key
      ? key.regeneration && start < key.regeneration.at
        ? key.regeneration.previousToken
        : key.token
      : this.world.masterApiKey;
    const base: DemoRequest = {
      requestId: '',
      callType,
      apiKey,
      key,
      userId: key ? (key.user?.id ?? '') : 'default_user_id',
      team: moved ? moved.team : (key?.team ?? null),
      org: moved ? moved.org : (key?.org ?? null),
      endUser: endUsers && rng.chance(endUsers.p) ? (endUsers.ids === 'self' ? (key?.user?.id ?? '') : rng.pick(endUsers.ids)) : '',
      agentId: this.features.agents ? (key?.agentId ?? null) : null,
      model: null,
      mcpTool: null,
      start,
      end: start,
      completionStart: start,
      promptTokens: 0,
      completionTokens: 0,
      cacheReadTokens: 0,
      cacheCreationTokens: 0,
      inputCost: 0,
      outputCost: 0,
      spend: 0,
      status: 'success',
      statusMissing: false,
      cacheHit: false,
      error: null,
      tags: skipped ? [] : this.tags(key),
      sessionId: this.session(key, callType),
      ip: key ? (rng.chance(0.04) ? '' : (key.user?.ip ?? key.ip)) : '127.0.0.1',
    };
    if (skipped || mcpNamed) {
      // MCP calls have no model; LiteLLM logs them with the tool name (or without one, and then skips them).
      const tool = rng.pick(MCP_TOOLS);
      const end = start + rng.int(150, 2500);
      const mcpTool = mcpNamed ? tool.name : null;
      return this.register({ ...base, requestId: rng.uuid(), mcpTool, spend: mcpNamed ? tool.cost : 0, end, completionStart: end });
    }
    if (this.features.failuresBeforeRouting && rng.chance(0.01)) {
      // Rejected before a deployment was picked (auth, budget): a failure row with no model (fact 7 of issue 14).
      const end = start + rng.int(2, 40);
      return this.register({ ...base, requestId: rng.uuid(), status: 'failure', error: rng.pick(REJECTIONS), end, completionStart: end });
    }
    const model = this.world.models.find((m) => m.deployment.key === target) as DeployedModel;
    const call = this.modelCall({ ...base, model }, callType);
    // Rows written before SpendLogs had a status column keep NULL there; LiteLLM counts them as successes.
    if (call.status === 'success' && this.features.nullStatusRows && rng.chance(0.005)) call.statusMissing = true;
    return this.register(call);
  }

  private modelCall(base: DemoRequest, callType: string): DemoRequest {
    const { rng } = this;
    const model = base.model as DeployedModel;
    const d = model.deployment;
    if (rng.chance(0.03)) {
      const end = base.start + rng.int(40, 30_000);
      return { ...base, requestId: rng.uuid(), status: 'failure', error: rng.pick(ERRORS), end, completionStart: end };
    }
    const previous = this.cached.get(`${d.key}:${callType}`);
    if (callType === 'acompletion' && previous && rng.chance(0.05)) {
      const end = base.start + rng.int(3, 40);
      const ts = (base.start / 1000 + rng.int(0, 999) / 1e6).toFixed(6);
      return {
        ...base,
        requestId: `${previous.requestId}_cache_hit${ts}`,
        cacheHit: true,
        end,
        completionStart: end,
        promptTokens: previous.promptTokens,
        completionTokens: previous.completionTokens,
      };
    }
    const usage = drawUsage(rng, d, callType);
    const end = base.start + usage.durationMs;
    const streamed = d.kind === 'chat' && rng.chance(0.5);
    const request: DemoRequest = {
      ...base,
      requestId: responseId(rng, d, callType),
      end,
      completionStart: streamed ? base.start + Math.floor(usage.durationMs * (0.1 + 0.3 * rng.next())) : end,
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      cacheReadTokens: usage.cacheReadTokens,
      cacheCreationTokens: usage.cacheCreationTokens,
      inputCost: usage.inputCost,
      outputCost: usage.outputCost,
      spend: usage.inputCost + usage.outputCost,
    };
    if (callType === 'acompletion') this.cached.set(`${d.key}:${callType}`, request);
    return request;
  }

  private register(request: DemoRequest): DemoRequest {
    while (this.ids.has(request.requestId)) request.requestId = `${request.requestId}-${this.rng.base62(4)}`;
    this.ids.add(request.requestId);
    return request;
  }

  private tags(key: Key | null): string[] {
    const { rng } = this;
    if (!key) return rng.chance(0.5) ? [...MASTER_KEY.tags] : [];
    const r = rng.next();
    const count = r < 0.3 ? 0 : r < 0.7 ? 1 : r < 0.9 ? 2 : 3;
    return rng.sample(key.spec.tags, count);
  }

  /** A trace id: agentic traffic continues a session more often than one-off calls. */
  private session(key: Key | null, callType: string): string {
    const current = this.sessions.get(key);
    const keep = callType === 'anthropic_messages' ? 0.7 : 0.3;
    if (current && this.rng.chance(keep)) return current;
    const id = this.rng.uuid();
    this.sessions.set(key, id);
    return id;
  }
}
