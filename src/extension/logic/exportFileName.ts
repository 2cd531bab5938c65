/** A dated default file name, e.g. `preview-litellm-spendlogs-2026-11-27.csv`. */
export function exportFileName(title: string, extension: string, now: Date = new Date()): string {
  const slug =
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'results';
  return `${slug}-${now.toISOString().slice(0, 10)}.${extension}`;
}
