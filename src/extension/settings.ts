import * as vscode from 'vscode';
import { DEFAULT_WORKSPACE_ANALYSES_DIR } from '../core/analyses/libraryDir';
import type { SettingsAnalysis } from '../core/analyses/loadAnalyses';
import { ANYCOST_OPERATIONS, type AnycostOperation } from '../core/cbf/anycostBody';
import { DEFAULT_ANYCOST_ENDPOINT } from '../core/cbf/anycostClient';
import { type ConnectionProfile, parseProfiles } from './logic/profiles';

/** The `litellmLens.*` settings, read fresh on every use so edits apply without a reload. */
export interface LensSettings {
  profiles: ConnectionProfile[];
  profileProblems: string[];
  /** Profile to connect to once VS Code has started ('' = none). */
  connectOnStartup: string;
  /** What opens once the startup profile is connected. */
  showOnStartup: 'none' | 'views' | 'spendAttribution';
  connectionStringEnvVar: string;
  /** Seconds; 0 disables. */
  statementTimeout: number;
  previewRowLimit: number;
  maxResultRows: number;
  csvDelimiter: string;
  /** Folders of user `.sql` analyses, relative to each workspace folder or absolute. */
  analysesFolders: string[];
  /** Analyses kept in settings. */
  analysesExtra: SettingsAnalysis[];
  /** LiteLLM's budget timezone (litellm_settings.timezone): where budget windows turn. */
  budgetTimezone: string;
  /** Report time zone (IANA; default UTC): the spend view's and health check's days (core/attribution/zoneDays.ts). */
  reportTimezone: string;
  cloudzero: {
    connectionId: string;
    endpoint: string;
    operation: AnycostOperation;
    /** Preview with a dry run and ask before sending. */
    dryRunFirst: boolean;
  };
}

export const SETTINGS_SECTION = 'litellmLens';

export function readSettings(): LensSettings {
  const c = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  const { profiles, problems } = parseProfiles(c.get('connections'));
  return {
    profiles,
    profileProblems: problems,
    connectOnStartup: (c.get<string>('connectOnStartup') ?? '').trim(),
    showOnStartup: showOnStartupOf(c.get<string>('showOnStartup')),
    connectionStringEnvVar: c.get<string>('connectionStringEnvVar') || 'DATABASE_URL',
    statementTimeout: Math.max(0, c.get<number>('statementTimeout') ?? 60),
    previewRowLimit: Math.max(1, c.get<number>('previewRowLimit') ?? 200),
    maxResultRows: Math.max(1, c.get<number>('results.maxRows') ?? 100_000),
    csvDelimiter: c.get<string>('export.csv.delimiter') || ',',
    analysesFolders: c.get<string[]>('analyses.folders') ?? [DEFAULT_WORKSPACE_ANALYSES_DIR],
    analysesExtra: (c.get<SettingsAnalysis[]>('analyses.extra') ?? []).filter((a) => typeof a?.sql === 'string'),
    budgetTimezone: (c.get<string>('budgetTimezone') ?? '').trim() || 'UTC',
    reportTimezone: (c.get<string>('reportTimezone') ?? '').trim() || 'UTC',
    cloudzero: {
      connectionId: (c.get<string>('cloudzero.connectionId') ?? '').trim(),
      endpoint: c.get<string>('cloudzero.endpoint') || DEFAULT_ANYCOST_ENDPOINT,
      operation: operationOf(c.get<string>('cloudzero.operation')),
      dryRunFirst: c.get<boolean>('cloudzero.dryRunFirst') ?? true,
    },
  };
}

function operationOf(value: string | undefined): AnycostOperation {
  return (ANYCOST_OPERATIONS as readonly string[]).includes(value ?? '') ? (value as AnycostOperation) : 'replace_hourly';
}

function showOnStartupOf(value: string | undefined): LensSettings['showOnStartup'] {
  return value === 'views' || value === 'spendAttribution' ? value : 'none';
}
