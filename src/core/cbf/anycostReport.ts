/**
 * What a transmit delivered, and after a failure what was not delivered and how to resume. The resume rule
 * follows the operation: `replace_drop` must re-send the whole first incomplete month, `replace_hourly` can
 * restart at the day of the first hour not sent (re-sent hours are replaced, not doubled), and `sum` restarts
 * there too but says plainly which already-sent hours a resume would duplicate.
 */
import { LensError } from '../errors';
import { redactSecrets } from '../db/redact';
import { DecimalSum } from './anycostDecimal';
import type { AnycostOperation } from './anycostBody';
import type { AnycostBatch } from './anycostBatcher';

/** `send` stores data in CloudZero; `dry-run` only builds (and optionally writes) the bodies; `validate` posts them to the validate endpoint. */
export type TransmitMode = 'send' | 'dry-run' | 'validate';

/** A batch that was delivered (sent, validated or written, by mode). */
export interface SentBatch {
  month: string;
  /** 1-based position within the month. */
  batch: number;
  operation: AnycostOperation;
  rows: number;
  cost: string;
  bytes: number;
  firstHour: string;
  lastHour: string;
  idempotencyKey: string;
  attempts: number;
  /** CloudZero's drop id (send mode). */
  dropId?: string;
  /** The body file (dry-run with a folder). */
  file?: string;
}

export interface MonthReport {
  month: string;
  batches: number;
  rows: number;
  cost: string;
  /** Every batch of the month was delivered. */
  complete: boolean;
}

/** The first batch that was not delivered; everything after it in the selection was not read. */
export interface NotSent {
  month: string;
  /** 1-based batch within the month, when the failure happened while delivering that batch. */
  batch?: number;
  fromHour?: string;
  reason: string;
}

export interface TransmitSummary {
  mode: TransmitMode;
  connectionId: string;
  operation: AnycostOperation;
  months: MonthReport[];
  batches: number;
  rows: number;
  /** Exact Σ cost/cost of the delivered rows. */
  totalCost: string;
  retries: number;
  sent: SentBatch[];
  notSent: NotSent[];
  /** First day (`YYYY-MM-DD`) a resumed run must start at, after a failure in send mode. */
  resumeFrom?: string;
}

/** A transmit that stopped part-way; `summary` says what was delivered. */
export class AnycostTransmitError extends LensError {
  constructor(
    base: LensError,
    readonly summary: TransmitSummary,
    hint: string,
  ) {
    super(base.kind, base.message, hint, { cause: base });
    this.name = 'AnycostTransmitError';
  }
}

/** How a batch was delivered. */
export type Delivery = Pick<SentBatch, 'idempotencyKey' | 'attempts' | 'dropId' | 'file'>;

export interface LedgerContext {
  mode: TransmitMode;
  connectionId: string;
  operation: AnycostOperation;
  apiKey?: string;
  /** The selection's last day, to print a complete `--from … --to …` resume hint. */
  to?: string;
}

export class TransmitLedger {
  readonly sent: SentBatch[] = [];
  private readonly months = new Map<string, MonthReport & { total: DecimalSum }>();
  private readonly total = new DecimalSum();
  private rows = 0;
  retries = 0;

  constructor(private readonly ctx: LedgerContext) {}

  record(batch: AnycostBatch, delivered: Delivery): SentBatch {
    const entry: SentBatch = {
      month: batch.month,
      batch: batch.index,
      operation: batch.operation,
      rows: batch.rows,
      cost: batch.cost,
      bytes: batch.bytes,
      firstHour: batch.firstHour,
      lastHour: batch.lastHour,
      ...delivered,
    };
    this.sent.push(entry);
    const month = this.months.get(batch.month) ?? {
      month: batch.month,
      batches: 0,
      rows: 0,
      cost: '0',
      complete: false,
      total: new DecimalSum(),
    };
    month.batches += 1;
    month.rows += batch.rows;
    month.total.add(batch.cost);
    month.complete = batch.endsMonth;
    this.months.set(batch.month, month);
    this.total.add(batch.cost);
    this.rows += batch.rows;
    return entry;
  }

  get rowsDelivered(): number {
    return this.rows;
  }

  summary(notSent: NotSent[] = [], resumeFrom?: string): TransmitSummary {
    return {
      mode: this.ctx.mode,
      connectionId: this.ctx.connectionId,
      operation: this.ctx.operation,
      months: [...this.months.values()].map(({ total, ...m }) => ({ ...m, cost: total.toString() })),
      batches: this.sent.length,
      rows: this.rows,
      totalCost: this.total.toString(),
      retries: this.retries,
      sent: this.sent,
      notSent,
      ...(resumeFrom ? { resumeFrom } : {}),
    };
  }

  /** Turns any failure into an AnycostTransmitError whose hint lists what was and was not delivered. */
  failure(error: unknown, failed: AnycostBatch | undefined): AnycostTransmitError {
    const base = toLensError(error, this.ctx.apiKey);
    const last = this.sent.at(-1);
    const resume: ResumePoint | undefined = failed
      ? { month: failed.month, hour: failed.firstHour, monthStarted: failed.index > 1 }
      : last && resumeAfter(last, this.months.get(last.month)?.complete ?? false);
    if (!resume) return new AnycostTransmitError(base, this.summary(), joinLines(base.hint, 'Nothing was sent.'));
    const notSent: NotSent = failed
      ? { month: failed.month, batch: failed.index, fromHour: failed.firstHour, reason: base.message }
      : { month: resume.month, fromHour: resume.hour, reason: base.message };
    const resumeFrom = this.ctx.operation === 'replace_drop' ? `${resume.month}-01` : resume.hour.slice(0, 10);
    const lines = [
      base.hint,
      this.describeSent(),
      `Not ${this.ctx.mode === 'send' ? 'sent' : 'done'}: ${describeNotSent(notSent)} and everything after it in the selection.`,
    ];
    if (this.ctx.mode !== 'send') {
      return new AnycostTransmitError(base, this.summary([notSent]), joinLines(...lines));
    }
    if (this.ctx.operation === 'replace_drop' && resume.monthStarted) {
      lines.push(
        `${resume.month} is INCOMPLETE in CloudZero: replace_drop replaced the month with only the batches sent above. The whole month must be re-sent.`,
      );
    }
    if (this.ctx.operation === 'sum' && last && resumeFrom <= last.lastHour.slice(0, 10)) {
      lines.push(
        `sum appends: hours ${resumeFrom}T00 to ${last.lastHour}:00Z were already sent, and resuming from ${resumeFrom} sends them again, duplicating their cost (replace_hourly for that day replaces them instead).`,
      );
    }
    lines.push(`Resume with --from ${resumeFrom}${this.ctx.to ? ` --to ${this.ctx.to}` : ''}.`);
    return new AnycostTransmitError(base, this.summary([notSent], resumeFrom), joinLines(...lines));
  }

  private describeSent(): string {
    const verb = { send: 'Sent', 'dry-run': 'Built', validate: 'Validated' }[this.ctx.mode];
    if (this.sent.length === 0) return `${verb}: nothing.`;
    const months = [...this.months.values()].map(
      (m) => `${m.month} (${m.batches} batch${m.batches === 1 ? '' : 'es'}${m.complete ? ', complete' : ', incomplete'})`,
    );
    return `${verb}: ${months.join(', ')}; last hour ${this.sent.at(-1)?.lastHour}:00Z.`;
  }
}

interface ResumePoint {
  month: string;
  /** First hour (`YYYY-MM-DDTHH`) not known to be delivered in full. */
  hour: string;
  /** Some of the month was already delivered. */
  monthStarted: boolean;
}

/** After the last delivered batch: the rest of its month (from its last hour, which may have been split), or the next month. */
function resumeAfter(last: SentBatch, monthComplete: boolean): ResumePoint {
  if (!monthComplete) return { month: last.month, hour: last.lastHour, monthStarted: true };
  const next = new Date(`${last.month}-01T00:00:00Z`);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const month = next.toISOString().slice(0, 7);
  return { month, hour: `${month}-01T00`, monthStarted: false };
}

function describeNotSent(n: NotSent): string {
  return n.batch ? `${n.month} from batch ${n.batch} (hour ${n.fromHour}:00Z)` : `${n.month} from hour ${n.fromHour}:00Z`;
}

function toLensError(error: unknown, apiKey: string | undefined): LensError {
  const secrets = [apiKey];
  if (error instanceof LensError) {
    return new LensError(error.kind, redactSecrets(error.message, secrets), error.hint && redactSecrets(error.hint, secrets), {
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new LensError('other', redactSecrets(message, secrets), undefined, { cause: error });
}

function joinLines(...lines: (string | undefined)[]): string {
  return lines.filter((l): l is string => Boolean(l)).join('\n');
}
