import { notConnectedError } from './errorPresentation';
import type { LensDatabase } from '../../core/db/database';
import type { RoleInfo } from '../../core/db/roleInfo';
import { Capabilities, type SchemaGeneration } from '../../core/schema/capabilities';
import { introspect } from '../../core/schema/introspect';
import type { SchemaModel } from '../../core/schema/model';
import type { ConnectTarget } from './connectTarget';

/** What the status bar and the views show about the open connection. */
export interface SessionInfo {
  target: ConnectTarget;
  /** Password-free URL. */
  display: string;
  /** Short server version, e.g. `15.4`. */
  serverVersion: string;
  generation: SchemaGeneration;
  isLiteLLM: boolean;
  tableCount: number;
  /** The connecting role and its powers beyond reading. */
  role: RoleInfo;
}

/** An opened database plus whatever must be stopped with it (the demo server). */
export interface OpenedDatabase {
  db: LensDatabase;
  release?: () => Promise<void>;
}

interface Current {
  opened: OpenedDatabase;
  info: SessionInfo;
  model: SchemaModel;
}

/**
 * The one connection the extension works with. Connecting introspects the schema once (the status bar needs the
 * LiteLLM generation); switching or disconnecting closes the previous pool and stops the demo server.
 */
export class LensSession {
  private current: Current | undefined;
  /** The user confirmed running their own SQL with this connection's privileged role (asked once per connection). */
  userSqlConfirmed = false;
  private readonly listeners = new Set<() => void>();

  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get info(): SessionInfo | undefined {
    return this.current?.info;
  }

  /** The open database, or a "not connected" error that tells the user what to do. */
  get db(): LensDatabase {
    if (!this.current) throw notConnectedError();
    return this.current.opened.db;
  }

  get model(): SchemaModel {
    if (!this.current) throw notConnectedError();
    return this.current.model;
  }

  get capabilities(): Capabilities {
    return new Capabilities(this.model);
  }

  /** Opens `target` through `open`, introspects it and makes it current (closing the previous connection). */
  async connect(target: ConnectTarget, open: () => Promise<OpenedDatabase>, signal?: AbortSignal): Promise<SessionInfo> {
    const opened = await open();
    let model: SchemaModel;
    try {
      model = await introspect(opened.db, 'public', signal);
    } catch (err) {
      await closeOpened(opened);
      throw err;
    }
    const previous = this.current;
    const caps = new Capabilities(model);
    const report = caps.report();
    this.current = {
      opened,
      model,
      info: {
        target,
        display: opened.db.connection.display,
        serverVersion: shortVersion(opened.db.server.versionNum),
        generation: report.generation,
        isLiteLLM: report.isLiteLLM,
        tableCount: report.tableCount,
        role: opened.db.server.role,
      },
    };
    this.userSqlConfirmed = false;
    if (previous) await closeOpened(previous.opened);
    this.emit();
    return this.current.info;
  }

  /** Re-reads the catalog (after a LiteLLM migration, or on "Refresh"). */
  async refreshSchema(signal?: AbortSignal): Promise<SchemaModel> {
    const current = this.current;
    if (!current) throw notConnectedError();
    current.model = await introspect(current.opened.db, 'public', signal);
    this.emit();
    return current.model;
  }

  /** Cancels running statements, closes the pool and stops the demo server, if any. */
  async disconnect(): Promise<void> {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    await current.opened.db.cancelAll().catch(() => undefined);
    await closeOpened(current.opened);
    this.emit();
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}

async function closeOpened(opened: OpenedDatabase): Promise<void> {
  await opened.db.close();
  await opened.release?.();
}

/** `150004` → `15.4`; `90624` → `9.6.24`. */
export function shortVersion(versionNum: number): string {
  if (versionNum >= 100000) return `${Math.floor(versionNum / 10000)}.${versionNum % 10000}`;
  return `${Math.floor(versionNum / 10000)}.${Math.floor(versionNum / 100) % 100}.${versionNum % 100}`;
}
