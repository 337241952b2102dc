// A refusal from the server, shown where the person typed: zod's messages
// per field (`data.fieldErrors`) and a domain refusal that names a field
// (`data.field`, e.g. "this email already has an account") go on the form's
// own fields, the first one focused. Every console form uses this.
import type { FieldValues, Path, UseFormReturn } from 'react-hook-form';

type ErrorData = { fieldErrors?: Record<string, string[]> | null; field?: unknown } | null | undefined;

/** Returns false when none of the refusal belongs to a field of this form: the caller shows it elsewhere. */
export function showOnFields<T extends FieldValues>(form: UseFormReturn<T>, error: unknown): boolean {
  const data = (error as { data?: ErrorData }).data;
  const ownField = (name: unknown): name is Path<T> => typeof name === 'string' && name in form.getValues();
  let shown = false;
  const show = (name: Path<T>, message: string) => {
    form.setError(name, { type: 'server', message }, { shouldFocus: !shown });
    shown = true;
  };
  for (const [name, messages] of Object.entries(data?.fieldErrors ?? {})) {
    if (ownField(name)) show(name, messages.join(', '));
  }
  if (ownField(data?.field)) show(data.field, (error as Error).message);
  return shown;
}
