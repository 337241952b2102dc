'use client';
// react-hook-form, wired for assistive technology the way shadcn's form is:
// each FormItem mints ids, FormLabel points at the control, and FormControl
// gives the control aria-invalid plus aria-describedby naming the
// description and, once there is one, the error message (read out with it).
// Forms validate with the server's own zod input schemas (zodResolver), so
// the browser and the API tell a person the same thing.
import { Slot } from 'radix-ui';
import { createContext, useContext, useEffect, useId, useState, type ComponentProps } from 'react';
import {
  Controller,
  FormProvider,
  useFormContext,
  useFormState,
  type ControllerProps,
  type FieldPath,
  type FieldValues,
} from 'react-hook-form';
import { Label } from '@/components/ui/label';
import { cn } from '@/lib/ui/cn';

export const Form = FormProvider;

const FormFieldContext = createContext<{ name: string } | null>(null);
type FormItemState = { id: string; hasDescription: boolean; setHasDescription: (present: boolean) => void };
const FormItemContext = createContext<FormItemState | null>(null);

export function FormField<
  TFieldValues extends FieldValues = FieldValues,
  TName extends FieldPath<TFieldValues> = FieldPath<TFieldValues>,
  TTransformedValues = TFieldValues,
>(props: ControllerProps<TFieldValues, TName, TTransformedValues>) {
  return (
    <FormFieldContext.Provider value={{ name: props.name }}>
      <Controller {...props} />
    </FormFieldContext.Provider>
  );
}

export function useFormField() {
  const field = useContext(FormFieldContext);
  const item = useContext(FormItemContext);
  const { getFieldState } = useFormContext();
  const formState = useFormState({ name: field?.name });
  if (!field || !item) throw new Error('useFormField is used inside <FormField> and <FormItem>.');
  const { id, hasDescription } = item;
  return {
    id,
    hasDescription,
    name: field.name,
    formItemId: `${id}-control`,
    formDescriptionId: `${id}-description`,
    formMessageId: `${id}-message`,
    ...getFieldState(field.name, formState),
  };
}

export function FormItem({ className, ...props }: ComponentProps<'div'>) {
  const id = useId();
  // FormControl names the description only while one is on the page: aria-describedby never dangles.
  const [hasDescription, setHasDescription] = useState(false);
  return (
    <FormItemContext.Provider value={{ id, hasDescription, setHasDescription }}>
      <div data-slot="form-item" className={cn('grid gap-2', className)} {...props} />
    </FormItemContext.Provider>
  );
}

export function FormLabel({ className, ...props }: ComponentProps<typeof Label>) {
  const { error, formItemId } = useFormField();
  return (
    <Label
      data-slot="form-label"
      data-error={!!error}
      className={cn('data-[error=true]:text-destructive', className)}
      htmlFor={formItemId}
      {...props}
    />
  );
}

/** Wraps exactly one control (input, select trigger…) and gives it the field's id and ARIA state. */
export function FormControl(props: ComponentProps<typeof Slot.Root>) {
  const { error, formItemId, formDescriptionId, formMessageId, hasDescription } = useFormField();
  const describedBy = [hasDescription && formDescriptionId, error && formMessageId].filter(Boolean).join(' ');
  return (
    <Slot.Root
      data-slot="form-control"
      id={formItemId}
      aria-describedby={describedBy || undefined}
      aria-invalid={error ? true : undefined}
      {...props}
    />
  );
}

export function FormDescription({ className, ...props }: ComponentProps<'p'>) {
  const { formDescriptionId } = useFormField();
  const item = useContext(FormItemContext);
  const setHasDescription = item?.setHasDescription;
  useEffect(() => {
    setHasDescription?.(true);
    return () => setHasDescription?.(false);
  }, [setHasDescription]);
  return (
    <p
      data-slot="form-description"
      id={formDescriptionId}
      className={cn('text-sm text-muted-foreground', className)}
      {...props}
    />
  );
}

/** The field's error (the schema's words, first letter raised), or the children when there is none. */
export function FormMessage({ className, children, ...props }: ComponentProps<'p'>) {
  const { error, formMessageId } = useFormField();
  const text = error?.message ? sentence(String(error.message)) : children;
  if (!text) return null;
  return (
    <p
      data-slot="form-message"
      id={formMessageId}
      className={cn('text-sm font-medium', error ? 'text-destructive' : 'text-muted-foreground', className)}
      {...props}
    >
      {text}
    </p>
  );
}

/** The shared schemas phrase rules as "must be …" (they also follow a field name in API errors). */
function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}
