import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { COMMANDS } from '../../src/extension/commandIds';

interface Command {
  command: string;
  title: string;
  category?: string;
}
interface MenuItem {
  command: string;
  when?: string;
}
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  main: string;
  icon: string;
  activationEvents: string[];
  contributes: {
    commands: Command[];
    menus: Record<string, MenuItem[]>;
    views: Record<string, { id: string; icon?: string }[]>;
    viewsContainers: { activitybar: { id: string; icon: string }[] };
    viewsWelcome: { view: string; contents: string }[];
    walkthroughs: {
      id: string;
      steps: {
        id: string;
        description: string;
        media: { image?: string; markdown?: string; altText?: string };
        completionEvents: string[];
      }[];
    }[];
    configuration: { properties: Record<string, unknown> };
  };
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [readFileSync(join(dir, d.name), 'utf8')] : [],
  );
}
const extensionSource = sources('src/extension').join('\n');

describe('package.json contributions match the code', () => {
  const ids = Object.values(COMMANDS) as string[];

  test('activation never delays startup: no "*", the panel serializers and onStartupFinished (for connectOnStartup) only', () => {
    assert.deepEqual(pkg.activationEvents, [
      'onWebviewPanel:litellm.results',
      'onWebviewPanel:litellm.graph',
      'onWebviewPanel:litellm.spend',
      'onStartupFinished',
    ]);
    for (const event of pkg.activationEvents.filter((e) => e.startsWith('onWebviewPanel:'))) {
      assert.ok(extensionSource.includes(`'${event.split(':')[1]}'`), `${event} has a serializer's view type in code`);
    }
    assert.ok(pkg.contributes.configuration.properties['litellmLens.connectOnStartup'], 'the setting that startup activation serves');
    assert.equal(pkg.main, './dist/extension.js');
    assert.ok(existsSync(pkg.icon));
  });

  test('contributed snippets exist', () => {
    for (const s of (pkg.contributes as unknown as { snippets: { language: string; path: string }[] }).snippets) {
      assert.equal(s.language, 'sql');
      assert.ok(Object.keys(JSON.parse(readFileSync(s.path, 'utf8')) as object).length > 0, s.path);
    }
  });

  test('contributed commands and the typed id map are the same set, all in category LiteLLM', () => {
    assert.deepEqual(pkg.contributes.commands.map((c) => c.command).sort(), [...ids].sort());
    for (const c of pkg.contributes.commands) {
      assert.equal(c.category, 'LiteLLM', c.command);
      assert.match(c.title, /^[A-Z][\w']*(?:[ -](?:[A-Z0-9][\w']*|in|to|from|of|as))*(…)?$/, `Title Case: ${c.title}`);
    }
  });

  test('every command id is registered by a handler', () => {
    const registered = new Set([...extensionSource.matchAll(/registerCommand\(\s*services,\s*COMMANDS\.(\w+)/g)].map((m) => m[1]));
    assert.deepEqual([...registered].sort(), Object.keys(COMMANDS).sort());
  });

  test('menus reference contributed commands; tree-only commands are hidden from the palette', () => {
    for (const [menu, items] of Object.entries(pkg.contributes.menus)) {
      for (const item of items) assert.ok(ids.includes(item.command), `${menu}: ${item.command}`);
    }
    const hidden = pkg.contributes.menus.commandPalette
      .filter((m) => m.when === 'false')
      .map((m) => m.command)
      .sort();
    assert.deepEqual(
      hidden,
      [
        COMMANDS.connectTarget,
        COMMANDS.copyQualifiedName,
        COMMANDS.previewRows,
        COMMANDS.openAnalysisSql,
        COMMANDS.revealAnalysisFile,
        COMMANDS.showInRelationshipGraph,
      ].sort(),
    );
  });

  test('views live in the LiteLLM container, welcome views point at real views and commands', () => {
    assert.deepEqual(
      pkg.contributes.viewsContainers.activitybar.map((c) => c.id),
      ['litellm'],
    );
    assert.ok(existsSync(pkg.contributes.viewsContainers.activitybar[0].icon));
    const viewIds = pkg.contributes.views.litellm.map((v) => v.id);
    for (const id of viewIds) assert.ok(extensionSource.includes(`'${id}'`), `view ${id} is created in code`);
    for (const w of pkg.contributes.viewsWelcome) {
      assert.ok(viewIds.includes(w.view), w.view);
      for (const m of w.contents.matchAll(/command:([\w.]+)/g)) assert.ok(ids.includes(m[1]) || m[1].startsWith('workbench.'), m[1]);
    }
  });

  test('every setting the code reads is declared', () => {
    const read = [...readFileSync('src/extension/settings.ts', 'utf8').matchAll(/c\.get(?:<[^>]+>)?\('([\w.]+)'\)/g)].map(
      (m) => `litellmLens.${m[1]}`,
    );
    assert.ok(read.length >= 6);
    for (const key of read) assert.ok(key in pkg.contributes.configuration.properties, key);
  });

  test('Getting Started walkthrough: every step links a real command, has a packaged picture, and completes by doing it', () => {
    const [walk] = pkg.contributes.walkthroughs;
    assert.deepEqual(
      walk.steps.map((st) => st.id),
      ['connect', 'schema', 'spend', 'analysis', 'cbf'],
    );
    const ignore = readFileSync('.vscodeignore', 'utf8');
    for (const step of walk.steps) {
      const linked = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]);
      assert.ok(linked.length > 0, `${step.id} offers its command`);
      for (const id of linked) assert.ok(ids.includes(id), `${step.id} links ${id}`);
      const media = step.media.image ?? step.media.markdown ?? '';
      assert.ok(existsSync(media), `${step.id}: ${media} exists`);
      assert.ok(step.media.markdown || step.media.altText, `${step.id}: the picture is described`);
      assert.ok(
        ignore
          .split('\n')
          .some((l) => l.startsWith('!') && new RegExp(`^${l.slice(1).replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')}$`).test(media)),
        `${step.id}: ${media} ships in the .vsix`,
      );
      assert.ok(step.completionEvents.length > 0);
    }
  });

  test('commands that need a connection are hidden from the palette while disconnected', () => {
    const palette = new Map(pkg.contributes.menus.commandPalette.map((m) => [m.command, m.when]));
    for (const id of [
      'litellm.showRelationshipGraph',
      'litellm.showSpendAttribution',
      'litellm.exportCbf',
      'litellm.sendCbf',
      'litellm.disconnect',
      'litellm.refreshSchema',
    ]) {
      assert.equal(palette.get(id), 'litellm.connected', id);
    }
    assert.equal(palette.get('litellm.connect'), undefined, 'Connect… is always there');
    assert.equal(palette.get('litellm.openDemoDatabase'), undefined);
  });
});
