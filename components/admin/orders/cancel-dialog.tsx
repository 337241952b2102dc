'use client';
// Cancelling is destructive: it asks for a reason (recorded in the order's
// history and shown on the board), validated with the server's own rule.
import { zodResolver } from '@hookform/resolvers/zod';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { Button } from '@/components/ui/button';
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
} from '@/components/ui/dialog';
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage } from '@/components/ui/form';
import { Textarea } from '@/components/ui/textarea';
import { cancelReason } from '@/server/domain/orders/schemas';
import { useReturnFocus } from './return-focus';

const reasonForm = z.object({ reason: cancelReason() });
type ReasonForm = z.input<typeof reasonForm>;

export function CancelDialog({
  open,
  what,
  pending,
  onCancel,
  onClose,
}: {
  open: boolean;
  /** "Anna's order at Table 2", "2 × Burrata". */
  what: string;
  pending: boolean;
  onCancel: (reason: string) => void;
  onClose: () => void;
}) {
  const form = useForm<ReasonForm, unknown, z.output<typeof reasonForm>>({
    resolver: zodResolver(reasonForm),
    defaultValues: { reason: '' },
  });
  const returnFocus = useReturnFocus();
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) {
          form.reset();
          onClose();
        }
      }}
    >
      <DialogContent {...returnFocus}>
        <DialogHeader>
          <DialogTitle>Cancel {what}?</DialogTitle>
          <DialogDescription>
            The guest sees it as cancelled at once. You can reopen it later; the reason stays in its history.
          </DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form onSubmit={form.handleSubmit(({ reason }) => onCancel(reason))} className="grid gap-4">
            <FormField
              control={form.control}
              name="reason"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Reason</FormLabel>
                  {/* No autoFocus: the dialog puts focus here itself (its first field), and only then knows where to return it. */}
                  <FormControl>
                    <Textarea rows={3} placeholder="e.g. Guest left, out of burrata" {...field} />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            <DialogFooter>
              <Button type="button" variant="outline" onClick={onClose}>
                Keep it
              </Button>
              <Button type="submit" variant="destructive" disabled={pending}>
                {pending ? 'Cancelling…' : 'Cancel it'}
              </Button>
            </DialogFooter>
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
