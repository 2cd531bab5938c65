import { randomBytes } from 'node:crypto';
import { type FileHandle, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { LensError } from '../errors';

/**
 * A file written under a temporary name in the target's folder and renamed over the target only on commit,
 * so a failed or cancelled export never leaves a partial file at the destination (rename is atomic within a
 * file system, which the shared folder guarantees).
 */
export class AtomicFile {
  private done = false;

  private constructor(
    readonly target: string,
    readonly tempPath: string,
    private readonly handle: FileHandle,
  ) {}

  static async create(target: string): Promise<AtomicFile> {
    const absolute = resolve(target);
    const tempPath = join(dirname(absolute), `.${basename(absolute)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      return new AtomicFile(absolute, tempPath, await open(tempPath, 'wx', 0o644));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'its folder does not exist' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (err as Error).message;
      throw new LensError('usage', `Cannot write ${absolute}: ${why}.`, 'Choose an --out path in an existing, writable folder.');
    }
  }

  async write(text: string): Promise<void> {
    if (text) await this.handle.write(text, null, 'utf8');
  }

  /** Flushes to disk and moves the file into place. */
  async commit(): Promise<void> {
    this.done = true;
    try {
      await this.handle.sync();
      await this.handle.close();
      await rename(this.tempPath, this.target);
    } catch (err) {
      await unlink(this.tempPath).catch(() => undefined);
      throw new LensError('other', `Cannot write ${this.target}: ${(err as Error).message}.`, 'Check free space and permissions of the folder.');
    }
  }

  /** Removes the temporary file; the destination is left as it was. Safe to call more than once. */
  async discard(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.handle.close().catch(() => undefined);
    await unlink(this.tempPath).catch(() => undefined);
  }
}
