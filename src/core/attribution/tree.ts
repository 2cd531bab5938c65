import type { Entities } from './entities';
import { type Label, keyLabel, modelLabel, orgLabel, teamLabel, userLabel } from './labels';
import { addInto, zero } from './measures';
import type { Cell } from './split';
import type { AttributionNode, NodeLevel, OrgSource } from './types';

/** A leaf with its organisation decided. */
export interface TreeCell extends Cell {
  orgId: string;
  orgSource: OrgSource;
}

const LEVELS: NodeLevel[] = ['organization', 'team', 'user', 'key', 'model'];
const PREFIX: Record<string, string> = { organization: 'o', team: 't', user: 'u', key: 'k', model: 'm' };

function segment(level: NodeLevel, id: string | null): string {
  return id === null ? `${PREFIX[level]}#none` : `${PREFIX[level]}:${encodeURIComponent(id)}`;
}

function idAt(cell: TreeCell, level: NodeLevel): string | null {
  switch (level) {
    case 'organization':
      return cell.orgId;
    case 'team':
      return cell.teamId;
    case 'user':
      return cell.userId;
    case 'key':
      return cell.apiKey;
    default:
      return cell.model;
  }
}

function labelAt(e: Entities, level: NodeLevel, id: string | null): Label {
  switch (level) {
    case 'organization':
      return orgLabel(e, id ?? '');
    case 'team':
      return teamLabel(e, id);
    case 'user':
      return userLabel(e, id ?? '');
    case 'key':
      return keyLabel(e, id ?? '');
    default:
      return modelLabel(id ?? '');
  }
}

const bySpend = (a: AttributionNode, b: AttributionNode): number =>
  b.spend - a.spend || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || (a.path < b.path ? -1 : 1);

/** Sorts children by spend and makes the node's measures the sum of its children's, in that order. */
function finish(node: AttributionNode): void {
  if (node.children.length === 0) return;
  for (const c of node.children) finish(c);
  node.children.sort(bySpend);
  const total = zero();
  for (const c of node.children) addInto(total, c);
  Object.assign(node, total);
  if (node.children.some((c) => c.apportioned)) node.apportioned = true;
  for (const c of node.children) c.share = node.spend !== 0 ? c.spend / node.spend : 0;
}

/**
 * Builds total → organisation → team → user → key → model from leaves. Every parent's figures are the sum of
 * its children's, so the tree is additive at every level by construction (unassigned nodes included).
 */
export function buildTree(cells: readonly TreeCell[], e: Entities): AttributionNode {
  const root: AttributionNode = {
    level: 'total',
    path: '',
    id: null,
    name: 'Total',
    alias: null,
    status: 'known',
    share: 1,
    ...zero(),
    children: [],
  };
  // Each node's children by id: a node's path is made once, when the node is (cells share most of their paths).
  const childrenOf = new Map<AttributionNode, Map<string | null, AttributionNode>>();
  for (const cell of cells) {
    let parent = root;
    for (const level of LEVELS) {
      const id = idAt(cell, level);
      let byId = childrenOf.get(parent);
      if (!byId) childrenOf.set(parent, (byId = new Map()));
      let node = byId.get(id);
      if (!node) {
        const path = parent.path ? `${parent.path}/${segment(level, id)}` : segment(level, id);
        const label = labelAt(e, level, id);
        // Measures spelled out: a spread amid other properties is V8's slow path, and a year's tree has thousands of nodes.
        node = {
          level,
          path,
          id,
          name: label.name,
          alias: label.alias,
          status: label.status,
          share: 0,
          spend: 0,
          apiRequests: 0,
          successfulRequests: 0,
          failedRequests: 0,
          promptTokens: 0,
          completionTokens: 0,
          cacheReadInputTokens: 0,
          cacheCreationInputTokens: 0,
          children: [],
        };
        if (level === 'team') node.orgSource = cell.orgSource;
        byId.set(id, node);
        parent.children.push(node);
      }
      parent = node;
    }
    addInto(parent, cell.m);
    if (cell.apportioned) parent.apportioned = true;
  }
  finish(root);
  return root;
}
