import type { HostToSpend, SpendFilters, SpendView } from '../../shared/spendProtocol';
import { spendSummaryView, spendView } from '../panels/spendContent';
import type { SpendContext } from '../panels/spendContext';

/** Runs the computation (the panel: under cancellable progress unless cached); the signal cancels it. */
export type StageRunner = <T>(work: (signal?: AbortSignal) => Promise<T>) => Promise<T>;

/**
 * Sends the spend attribution for `filters` in two steps: the summary (totals, organisations, teams, trend) as
 * soon as it is there, then the full view, which it returns. `current()` false means a newer request superseded
 * this one: nothing more is sent and the result is undefined.
 */
export async function sendSpendStages(
  spend: SpendContext,
  filters: SpendFilters,
  post: (msg: HostToSpend) => PromiseLike<unknown>,
  current: () => boolean,
  run: StageRunner,
): Promise<SpendView | undefined> {
  const result = await run(async (signal) => {
    const summary = await spend.summary(filters, signal);
    if (current()) await post({ type: 'result', view: spendSummaryView(summary, filters) });
    return spend.attribution(filters, signal);
  });
  if (!current()) return undefined;
  const view = spendView(result, filters);
  await post({ type: 'result', view });
  return view;
}
