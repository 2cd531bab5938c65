import type { DayPoint } from './dailySeries';
import type { Entities } from './entities';
import { type Label, keyLabel, modelLabel, teamLabel, userLabel } from './labels';
import { nearlyEqual } from './reconcileLine';
import type { TreeCell } from './tree';
import type { TopItem, Trend, TrendSeries } from './types';

function seriesOf(
  points: readonly DayPoint[],
  kind: DayPoint['series'],
  days: readonly string[],
  label: (id: string) => Label,
): TrendSeries[] {
  const index = new Map(days.map((d, i) => [d, i]));
  const byId = new Map<string, number[]>();
  for (const p of points) {
    const i = index.get(p.date);
    if (p.series !== kind || i === undefined) continue;
    let values = byId.get(p.id);
    if (!values) byId.set(p.id, (values = days.map(() => 0)));
    values[i] += p.spend;
  }
  const total = (v: number[]) => v.reduce((a, b) => a + b, 0);
  return [...byId]
    .map(([id, spend]) => ({ id, ...pick(label(id)), spend }))
    .sort((a, b) => total(b.spend) - total(a.spend) || a.name.localeCompare(b.name));
}

const pick = (l: Label) => ({ name: l.name, status: l.status });

function top(cells: readonly TreeCell[], id: (c: TreeCell) => string, label: (id: string) => Label, n: number, total: number): TopItem[] {
  const acc = new Map<string, { spend: number; apiRequests: number }>();
  for (const c of cells) {
    const a = acc.get(id(c)) ?? { spend: 0, apiRequests: 0 };
    a.spend += c.m.spend;
    a.apiRequests += c.m.apiRequests;
    acc.set(id(c), a);
  }
  return [...acc]
    .map(([k, a]) => ({ id: k, ...pick(label(k)), ...a, share: total !== 0 ? a.spend / total : 0 }))
    .sort((a, b) => b.spend - a.spend || a.name.localeCompare(b.name))
    .slice(0, n);
}

/**
 * Daily series (total, per team, per model) and the top users, keys and models. With `remainderTeam`, spend
 * the team series do not cover becomes one more series (the daily basis' keys without a team row).
 */
export function computeTrend(
  e: Entities,
  days: readonly string[],
  points: readonly DayPoint[],
  cells: readonly TreeCell[],
  topN: number,
  remainderTeam: boolean,
): Trend {
  const byModel = seriesOf(points, 'model', days, modelLabel);
  const total = days.map((_, i) => byModel.reduce((s, m) => s + m.spend[i], 0));
  const byTeam = seriesOf(points, 'team', days, (id) => teamLabel(e, id));
  if (remainderTeam) {
    const rest = total.map((t, i) => t - byTeam.reduce((s, x) => s + x.spend[i], 0));
    if (rest.some((r, i) => !nearlyEqual(total[i], total[i] - r))) byTeam.push({ id: null, ...pick(teamLabel(e, null)), spend: rest });
  }
  const sum = cells.reduce((s, c) => s + c.m.spend, 0);
  return {
    days: [...days],
    total,
    byTeam,
    byModel,
    top: {
      users: top(
        cells,
        (c) => c.userId,
        (id) => userLabel(e, id),
        topN,
        sum,
      ),
      keys: top(
        cells,
        (c) => c.apiKey,
        (id) => keyLabel(e, id),
        topN,
        sum,
      ),
      models: top(cells, (c) => c.model, modelLabel, topN, sum),
    },
  };
}
