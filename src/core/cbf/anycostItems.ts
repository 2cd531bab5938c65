/**
 * The rows of a validated CBF stream that may be sent. An invalid row stops the transmit before the body that
 * would hold it is sent, since CloudZero would refuse it (or, worse, accept a wrong value); with `skipInvalid`
 * it is left out and reported through `onInvalid`, never dropped silently.
 */
import { LensError } from '../errors';
import type { CbfItem, CbfRow, InvalidRow } from './types';

export interface TransmittableOptions {
  skipInvalid?: boolean;
  onInvalid?: (invalid: InvalidRow) => void;
}

export async function* transmittableRows(items: AsyncIterable<CbfItem>, options: TransmittableOptions = {}): AsyncGenerator<CbfRow> {
  for await (const item of items) {
    if (item.row) {
      yield item.row;
      continue;
    }
    if (!options.skipInvalid) {
      throw new LensError(
        'validation',
        `An invalid CBF row stopped the transmit: ${item.invalid.sourceKey}: ${item.invalid.reasons.join('; ')}.`,
        'Fix the data, or pass --skip-invalid to send the valid rows and list the invalid ones (export --skip-invalid lists them all).',
      );
    }
    options.onInvalid?.(item.invalid);
  }
}
