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

  /** Appends text (as UTF-8) or bytes; resolves once all of it is written, so a caller that awaits each write keeps memory flat. */
  async write(data: string | Uint8Array): Promise<void> {
    if (typeof data === 'string') {
      if (data) await this.handle.write(data, null, 'utf8');
      return;
    }
    for (let at = 0; at < data.length; ) at += (await this.handle.write(data, at, data.length - at)).bytesWritten;
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
