/** A message template cut at its {{key}} placeholders once, so each finding only joins strings. */
export type Render = (data: Readonly<Record<string, string | number>> | undefined) => string;

export interface CompiledMessage {
  readonly render: Render;
  /** The template names {{scope}}: the engine fills in the resource's own scope word when the report does not. */
  readonly scoped: boolean;
}

export type CompiledMessages = ReadonlyMap<string, CompiledMessage>;

export function compileTemplate(template: string): Render {
  const parts = template.split(/\{\{\s*(\w+)\s*\}\}/);
  if (parts.length === 1) return () => template;
  return (data) => {
    let out = parts[0] ?? '';
    for (let i = 1; i < parts.length; i += 2) {
      const key = parts[i] ?? '';
      out += String(data?.[key] ?? `{{${key}}}`) + (parts[i + 1] ?? '');
    }
    return out;
  };
}

export function compileMessages(messages: Readonly<Record<string, string>>): CompiledMessages {
  return new Map(Object.entries(messages).map(([id, template]) => [id, { render: compileTemplate(template), scoped: /\{\{\s*scope\s*\}\}/.test(template) }]));
}
