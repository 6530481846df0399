/** Text escapes shared by everything that writes CSV, HTML or SVG; pure, so every layer may use them. */

/** One CSV cell; a leading = + - @ is neutralised so a spreadsheet never evaluates it. */
export function csvCell(v: unknown): string {
  const s = v === undefined || v === null ? '' : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Text or attribute content for HTML and SVG. */
export function markupEscape(s: unknown): string {
  return String(s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
