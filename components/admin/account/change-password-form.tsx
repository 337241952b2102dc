'use client';
// Changing one's own password: the current one is required, the new one
// follows the sign-up rules (the same schema the server applies). Every
// session of the account ends, this one too: the user signs in again.
import { zodResolver } from '@hookform/resolvers/zod';
import { signOut } from 'next-auth/react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import type { z } from 'zod';
import { Button } from '@/components/ui/button';
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { showOnFields } from '@/lib/forms/server-errors';
import { api } from '@/lib/trpc/react';
import { retryInfoOf } from '@/lib/rate-limit/retry';
import { changePasswordInput } from '@/server/domain/staff/schemas';

type PasswordForm = z.input<typeof changePasswordInput>;

export function ChangePasswordForm() {
  const form = useForm<PasswordForm, unknown, z.output<typeof changePasswordInput>>({
    resolver: zodResolver(changePasswordInput),
    defaultValues: { currentPassword: '', newPassword: '' },
  });
  const change = api.account.changePassword.useMutation({
    onSuccess: () => {
      toast.success('Password changed. Sign in with the new one.');
      void signOut({ callbackUrl: '/admin/sign-in' });
    },
    onError: (error) => {
      const retry = retryInfoOf(error);
      if (retry) {
        form.setError('root', { message: `Too many attempts; try again in ${retry.retryAfterSeconds} s.` });
        return;
      }
      if (!showOnFields(form, error)) form.setError('root', { message: error.message });
    },
  });
  return (
    <Form {...form}>
      <form onSubmit={form.handleSubmit((values) => change.mutate(values))} className="grid max-w-md gap-4" noValidate>
        <FormField
          control={form.control}
          name="currentPassword"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Current password</FormLabel>
              <FormControl>
                <Input type="password" autoComplete="current-password" {...field} />
              </FormControl>
              <FormMessage />
            </FormItem>
          )}
        />
        <FormField
          control={form.control}
          name="newPassword"
          render={({ field }) => (
            <FormItem>
              <FormLabel>New password</FormLabel>
              <FormControl>
                <Input type="password" autoComplete="new-password" {...field} />
              </FormControl>
              <FormDescription>At least 10 characters. You will be signed out everywhere.</FormDescription>
              <FormMessage />
            </FormItem>
          )}
        />
        {form.formState.errors.root && (
          <p role="alert" className="text-destructive text-sm">
            {form.formState.errors.root.message}
          </p>
        )}
        <Button type="submit" className="justify-self-start" disabled={change.isPending}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </Button>
      </form>
    </Form>
  );
}
