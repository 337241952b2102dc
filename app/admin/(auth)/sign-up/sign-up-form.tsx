'use client';
// Sign-up, validated in the browser with the schema auth.register validates
// with on the server (registerInput), so a bad field is named before any
// request, in the same words the API would use. The server's answer is shown
// as given: it is the same whether or not the email had an account.
import { zodResolver } from '@hookform/resolvers/zod';
import { EyeIcon, EyeOffIcon } from 'lucide-react';
import Link from 'next/link';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { TooFastNotice } from '@/components/too-fast-notice';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import {
  Select,
  SelectContent,
  SelectGroup,
  SelectItem,
  SelectLabel,
  SelectSeparator,
  SelectTrigger,
  SelectValue,
} from '@/components/ui/select';
import { COMMON_CURRENCIES, OTHER_CURRENCIES } from '@/lib/money/currency-options';
import { showOnFields } from '@/lib/forms/server-errors';
import { retryInfoOf } from '@/lib/rate-limit/retry';
import { api, type RouterOutputs } from '@/lib/trpc/react';
import { registerInput } from '@/server/domain/restaurants/schemas';
import { PASSWORD_MIN } from '@/server/domain/schemas';

/** `attempt` keys the notice, so each refusal starts its countdown afresh. */
type Refusal = { retryAfterSeconds: number; unavailable: boolean; attempt: number };
type Answer = RouterOutputs['auth']['register'];

export function SignUpForm() {
  const form = useForm({
    resolver: zodResolver(registerInput),
    defaultValues: { restaurantName: '', email: '', password: '', currency: 'EUR' },
    // Errors appear on submit, then follow the typing. Not on blur: a message appearing as a field
    // loses focus moves the button under the pointer between press and release, and the click is lost.
    mode: 'onSubmit',
  });
  // A refusal is shown with its wait, not retried behind a spinner.
  const register = api.auth.register.useMutation({ retry: false });
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [showPassword, setShowPassword] = useState(false);

  const onSubmit = form.handleSubmit(async (values) => {
    setProblem(null);
    try {
      setAnswer(await register.mutateAsync(values));
      setRefusal(null);
    } catch (error) {
      const wait = retryInfoOf(error);
      if (wait) {
        setRefusal((previous) => ({
          retryAfterSeconds: wait.retryAfterSeconds,
          unavailable: wait.status === 503,
          attempt: (previous?.attempt ?? 0) + 1,
        }));
        return;
      }
      setRefusal(null);
      if (!showOnFields(form, error)) {
        setProblem((error as Error).message || 'The sign-up could not be sent. Please try again.');
      }
    }
  });

  if (answer) {
    return (
      <div className="grid gap-4">
        <Alert role="status" className="border-primary/40">
          <AlertTitle>Sign-up received</AlertTitle>
          <AlertDescription data-testid="sign-up-answer">{answer.message}</AlertDescription>
        </Alert>
        <Button asChild className="w-full">
          <Link href={answer.signInPath} prefetch={false}>
            Go to sign-in
          </Link>
        </Button>
      </div>
    );
  }

  const busy = form.formState.isSubmitting;
  return (
    <Form {...form}>
      <form onSubmit={onSubmit} className="grid gap-5" noValidate aria-busy={busy}>
        <FormField
          control={form.control}
          name="restaurantName"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Restaurant name</FormLabel>
              <FormControl>
                <Input autoComplete="organization" {...field} />
              </FormControl>
              <FormDescription>Guests see it at the top of your menu.</FormDescription>
              <FormMessage />
            </FormItem>
          )}
        />
        <FormField
          control={form.control}
          name="email"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Email</FormLabel>
              <FormControl>
                <Input type="email" autoComplete="email" spellCheck={false} {...field} />
              </FormControl>
              <FormMessage />
            </FormItem>
          )}
        />
        <FormField
          control={form.control}
          name="password"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Password</FormLabel>
              <div className="relative">
                <FormControl>
                  <Input
                    type={showPassword ? 'text' : 'password'}
                    autoComplete="new-password"
                    className="pr-12"
                    {...field}
                  />
                </FormControl>
                <Button
                  variant="ghost"
                  size="icon-sm"
                  className="absolute top-1 right-1"
                  aria-pressed={showPassword}
                  aria-label="Show password"
                  onClick={() => setShowPassword((shown) => !shown)}
                >
                  {showPassword ? <EyeOffIcon aria-hidden /> : <EyeIcon aria-hidden />}
                </Button>
              </div>
              <FormDescription>At least {PASSWORD_MIN} characters.</FormDescription>
              <FormMessage />
            </FormItem>
          )}
        />
        <FormField
          control={form.control}
          name="currency"
          render={({ field }) => (
            <FormItem>
              <FormLabel>Currency</FormLabel>
              <Select value={field.value} onValueChange={field.onChange}>
                <FormControl>
                  <SelectTrigger ref={field.ref} onBlur={field.onBlur}>
                    <SelectValue />
                  </SelectTrigger>
                </FormControl>
                <SelectContent className="max-h-80">
                  <SelectGroup>
                    <SelectLabel>Common</SelectLabel>
                    {COMMON_CURRENCIES.map(({ code, label }) => (
                      <SelectItem key={code} value={code}>
                        {label}
                      </SelectItem>
                    ))}
                  </SelectGroup>
                  <SelectSeparator />
                  <SelectGroup>
                    <SelectLabel>All currencies</SelectLabel>
                    {OTHER_CURRENCIES.map(({ code, label }) => (
                      <SelectItem key={code} value={code}>
                        {label}
                      </SelectItem>
                    ))}
                  </SelectGroup>
                </SelectContent>
              </Select>
              <FormDescription>Menu prices, orders and payments use it.</FormDescription>
              <FormMessage />
            </FormItem>
          )}
        />
        {problem && <Alert variant="destructive">{problem}</Alert>}
        {refusal && (
          <TooFastNotice
            key={refusal.attempt}
            retryAfterSeconds={refusal.retryAfterSeconds}
            unavailable={refusal.unavailable}
          />
        )}
        <Button type="submit" disabled={busy} className="w-full">
          {busy ? 'Creating your restaurant…' : 'Create restaurant'}
        </Button>
      </form>
    </Form>
  );
}
