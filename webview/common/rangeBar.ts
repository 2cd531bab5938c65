import type { Basis } from '../../src/shared/attributionTerms';
import type { DataRange, SpendFilters } from '../../src/shared/spendProtocol';
import { el } from './dom';
import { type Field, select } from './controls';

type Preset = 'last7' | 'last30' | 'last90' | 'month' | 'prevMonth' | 'all' | 'custom';

const PRESETS: { value: Preset; label: string }[] = [
  { value: 'last7', label: 'Last 7 days' },
  { value: 'last30', label: 'Last 30 days' },
  { value: 'last90', label: 'Last 90 days' },
  { value: 'month', label: 'Latest month' },
  { value: 'prevMonth', label: 'Month before' },
  { value: 'all', label: 'All data' },
  { value: 'custom', label: 'Custom' },
];

/** Quiet time after a date edit before the period is applied. */
const DATE_SETTLE_MS = 600;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const ms = (d: string) => Date.parse(`${d}T00:00:00Z`);

/** The preset's period. Ranges end on the last day with data (not today): an idle proxy still shows its spend. */
function presetRange(preset: Preset, data: DataRange | null): { from: string; to: string } | undefined {
  const last = data?.last ?? day(Date.now());
  const back = (n: number) => ({ from: day(ms(last) - (n - 1) * 86_400_000), to: last });
  const month = last.slice(0, 7);
  switch (preset) {
    case 'last7':
      return back(7);
    case 'last30':
      return back(30);
    case 'last90':
      return back(90);
    case 'month':
      return { from: `${month}-01`, to: last };
    case 'prevMonth': {
      const start = new Date(ms(`${month}-01`));
      start.setUTCMonth(start.getUTCMonth() - 1);
      return { from: day(start.getTime()), to: day(ms(`${month}-01`) - 86_400_000) };
    }
    case 'all':
      return data ? { from: data.first, to: data.last } : undefined;
    default:
      return undefined;
  }
}

/**
 * Period (preset or two dates) and basis, as shared by the spend attribution view and the entity graph.
 * `onChange` fires with complete, valid filters only.
 */
export class RangeBar {
  readonly root: HTMLElement;
  private readonly from = el('input', { attrs: { type: 'date', 'aria-label': 'From (UTC, inclusive)' } });
  private readonly to = el('input', { attrs: { type: 'date', 'aria-label': 'To (UTC, inclusive)' } });
  private readonly preset: Field<HTMLSelectElement>;
  private readonly basis: Field<HTMLSelectElement>;
  private readonly problem = el('span', { className: 'problem', attrs: { role: 'alert' } });
  private filters: SpendFilters;
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor(
    filters: SpendFilters,
    private data: DataRange | null,
    private readonly onChange: (filters: SpendFilters) => void,
  ) {
    this.filters = filters;
    this.preset = select('Period', PRESETS, 'custom', (p) => this.applyPreset(p));
    this.basis = select<Basis>(
      'Basis',
      [
        { value: 'daily', label: 'Daily tables' },
        { value: 'requests', label: 'Requests (SpendLogs)' },
      ],
      filters.basis,
      (basis) => this.emit({ ...this.filters, basis }),
    );
    this.basis.input.title = 'Daily tables keep all history; SpendLogs hold per-request detail only within their retention.';
    for (const input of [this.from, this.to]) input.addEventListener('change', () => this.onDates());
    this.root = el('div', { className: 'range-bar', attrs: { role: 'group', 'aria-label': 'Period and basis' } }, [
      this.preset.root,
      el('label', { className: 'field' }, [el('span', { text: 'From' }), this.from]),
      el('label', { className: 'field' }, [el('span', { text: 'To' }), this.to]),
      this.basis.root,
      this.problem,
    ]);
    this.set(filters, data);
  }

  get value(): SpendFilters {
    return this.filters;
  }

  /** Shows `filters` (and new data bounds) without firing onChange. */
  set(filters: SpendFilters, data: DataRange | null = this.data): void {
    this.filters = filters;
    this.data = data;
    this.from.value = filters.from;
    this.to.value = filters.to;
    for (const input of [this.from, this.to]) {
      input.min = data?.first ?? '';
      input.max = data?.last ?? '';
    }
    this.basis.input.value = filters.basis;
    const match = PRESETS.find((p) => {
      const r = presetRange(p.value, data);
      return r && r.from === filters.from && r.to === filters.to;
    });
    this.preset.input.value = match?.value ?? 'custom';
    this.problem.textContent = '';
  }

  private applyPreset(preset: Preset): void {
    const range = presetRange(preset, this.data);
    if (range) this.emit({ ...this.filters, ...range });
  }

  private onDates(): void {
    const from = this.from.value;
    const to = this.to.value;
    if (!from || !to) return;
    clearTimeout(this.pending);
    if (from > to) {
      this.problem.textContent = '"From" is after "To".';
      return;
    }
    this.problem.textContent = '';
    // Editing both ends fires two changes; only the period the user settles on is computed.
    this.pending = setTimeout(() => this.emit({ ...this.filters, from, to }), DATE_SETTLE_MS);
  }

  private emit(filters: SpendFilters): void {
    clearTimeout(this.pending);
    this.set(filters);
    this.onChange(filters);
  }
}
