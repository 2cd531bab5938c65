/**
 * Every command id the extension registers, in one typed place so a typo does not compile.
 * `test/unit/extension-manifest.test.ts` checks this map against package.json `contributes.commands`.
 */
export const COMMANDS = {
  connect: 'litellm.connect',
  connectTarget: 'litellm.connectTarget',
  disconnect: 'litellm.disconnect',
  openDemoDatabase: 'litellm.openDemoDatabase',
  removeConnection: 'litellm.removeConnection',
  setProfilePassword: 'litellm.setProfilePassword',
  showLogs: 'litellm.showLogs',
  runSpendHealthCheck: 'litellm.runSpendHealthCheck',
  refreshSchema: 'litellm.refreshSchema',
  copyQualifiedName: 'litellm.copyQualifiedName',
  previewRows: 'litellm.previewRows',
  runQueryInEditor: 'litellm.runQueryInEditor',
  exportResults: 'litellm.exportResults',
  runSavedAnalysis: 'litellm.runSavedAnalysis',
  openAnalysisSql: 'litellm.openAnalysisSql',
  revealAnalysisFile: 'litellm.revealAnalysisFile',
  refreshAnalyses: 'litellm.refreshAnalyses',
  exportCbf: 'litellm.exportCbf',
  sendCbf: 'litellm.sendCbf',
  setCloudZeroApiKey: 'litellm.setCloudZeroApiKey',
  showRelationshipGraph: 'litellm.showRelationshipGraph',
  showInRelationshipGraph: 'litellm.showInRelationshipGraph',
  showSpendAttribution: 'litellm.showSpendAttribution',
  setMasterKey: 'litellm.setMasterKey',
  runStatement: 'litellm.runStatement',
  runStatementToFile: 'litellm.runStatementToFile',
  explainStatement: 'litellm.explainStatement',
  explainAnalyzeStatement: 'litellm.explainAnalyzeStatement',
  showQueryHistory: 'litellm.showQueryHistory',
  saveAsAnalysis: 'litellm.saveAsAnalysis',
  explainFinding: 'litellm.explainFinding',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];
