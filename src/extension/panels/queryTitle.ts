/**
 * The results tab's title for SQL run from an editor: the SQL's own name (a `-- name:` header as saved analyses
 * carry, else its first comment line), else the file's name, else what it selects from (`SpendLogs query`).
 */
export function queryTitle(sql: string, fileName: string | undefined): string {
  const comments = [...sql.matchAll(/^\s*--\s*(.*?)\s*$/gm)].map((m) => m[1]).filter(Boolean);
  const named = comments.map((c) => /^name:\s*(.+)$/i.exec(c)?.[1]).find(Boolean);
  if (named) return clip(named);
  if (comments[0] && !/^[a-z_-]+:/i.test(comments[0])) return clip(comments[0]);
  if (fileName) return fileName;
  const from = /\bfrom\s+(?:"?[\w$]+"?\.)?"?([\w$]+)"?/i.exec(sql.replace(/--.*$/gm, ''))?.[1];
  return from ? `${from.replace(/^LiteLLM_/, '')} query` : 'Query';
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
