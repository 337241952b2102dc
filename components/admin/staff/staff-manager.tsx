'use client';
// Staff management for owners: the restaurant's accounts, a new account with
// its initial password shown once, role changes and (de)activation, each
// destructive change confirmed. The server keeps the last owner.
import { zodResolver } from '@hookform/resolvers/zod';
import { Copy, UserPlus } from 'lucide-react';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { toast } from 'sonner';
import type { z } from 'zod';
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from '@/components/ui/alert-dialog';
import { Badge } from '@/components/ui/badge';
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
import { Input } from '@/components/ui/input';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Skeleton } from '@/components/ui/skeleton';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { showOnFields } from '@/lib/forms/server-errors';
import { api, type RouterOutputs } from '@/lib/trpc/react';
import { createStaffInput } from '@/server/domain/staff/schemas';
import { ROLE_LABEL, STAFF_ROLES, type StaffRole } from '@/server/shared/roles';

type Member = RouterOutputs['staff']['list'][number];
type Confirm = { member: Member; change: { role: StaffRole } | { active: boolean } };

export function StaffManager({ currentUserId }: { currentUserId: string }) {
  const utils = api.useUtils();
  const staff = api.staff.list.useQuery();
  const [creating, setCreating] = useState(false);
  const [confirm, setConfirm] = useState<Confirm | null>(null);
  const refresh = () => void utils.staff.list.invalidate();
  const onError = (error: { message: string }) => {
    toast.error(error.message);
    refresh();
  };
  const setRole = api.staff.setRole.useMutation({
    onSuccess: (m) => toast.success(`${m.email} is now ${ROLE_LABEL[m.role].toLowerCase()}`),
    onError,
    onSettled: refresh,
  });
  const setActive = api.staff.setActive.useMutation({
    onSuccess: (m) => toast.success(`${m.email} ${m.active ? 'reactivated' : 'deactivated'}`),
    onError,
    onSettled: refresh,
  });

  const apply = ({ member, change }: Confirm) => {
    if ('role' in change) setRole.mutate({ userId: member.id, role: change.role });
    else setActive.mutate({ userId: member.id, active: change.active });
    setConfirm(null);
  };

  return (
    <div className="grid gap-4">
      <div className="flex items-center justify-between gap-4">
        <p className="text-muted-foreground text-sm">
          Owners manage everything; staff run the orders board. A changed account is signed out within a minute.
        </p>
        <Button onClick={() => setCreating(true)}>
          <UserPlus aria-hidden /> Add staff member
        </Button>
      </div>
      {staff.isPending ? (
        <Skeleton className="h-40" />
      ) : staff.isError ? (
        <p role="alert" className="text-destructive">
          {staff.error.message}
        </p>
      ) : (
        <Table data-testid="staff-table">
          <TableHeader>
            <TableRow>
              <TableHead>Name</TableHead>
              <TableHead>Email</TableHead>
              <TableHead>Role</TableHead>
              <TableHead>Status</TableHead>
              <TableHead className="text-right">Actions</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {staff.data.map((member) => {
              const self = member.id === currentUserId;
              return (
                <TableRow key={member.id} data-testid="staff-row" data-email={member.email}>
                  <TableCell className="font-medium">
                    {member.name ?? '—'}
                    {self && <span className="text-muted-foreground"> (you)</span>}
                  </TableCell>
                  <TableCell>{member.email}</TableCell>
                  <TableCell>
                    <Select
                      value={member.role}
                      disabled={!member.active}
                      onValueChange={(role) => setConfirm({ member, change: { role: role as StaffRole } })}
                    >
                      <SelectTrigger className="w-[8rem]" aria-label={`Role of ${member.email}`}>
                        <SelectValue>{ROLE_LABEL[member.role]}</SelectValue>
                      </SelectTrigger>
                      <RoleOptions />
                    </Select>
                  </TableCell>
                  <TableCell>
                    <Badge variant={member.active ? 'secondary' : 'outline'}>
                      {member.active ? 'Active' : 'Deactivated'}
                    </Badge>
                  </TableCell>
                  <TableCell className="text-right">
                    {!self && (
                      <Button
                        variant={member.active ? 'outline' : 'secondary'}
                        size="sm"
                        onClick={() => setConfirm({ member, change: { active: !member.active } })}
                      >
                        {member.active ? 'Deactivate' : 'Reactivate'}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}

      <CreateStaffDialog open={creating} onClose={() => setCreating(false)} onCreated={refresh} />

      <AlertDialog open={confirm !== null} onOpenChange={(open) => !open && setConfirm(null)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>{confirm && confirmTitle(confirm)}</AlertDialogTitle>
            <AlertDialogDescription>
              Their current sessions end within a minute; they sign in again to continue
              {confirm && 'active' in confirm.change && !confirm.change.active
                ? ' — or not at all, until reactivated'
                : ''}
              .
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel>Keep as is</AlertDialogCancel>
            <AlertDialogAction onClick={() => confirm && apply(confirm)}>Confirm</AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </div>
  );
}

function confirmTitle({ member, change }: Confirm): string {
  if ('role' in change) return `Make ${member.email} ${ROLE_LABEL[change.role].toLowerCase()}?`;
  return `${change.active ? 'Reactivate' : 'Deactivate'} ${member.email}?`;
}

type CreateForm = z.input<typeof createStaffInput>;

function CreateStaffDialog({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: () => void;
}) {
  const form = useForm<CreateForm, unknown, z.output<typeof createStaffInput>>({
    resolver: zodResolver(createStaffInput),
    defaultValues: { email: '', name: '', role: 'STAFF' },
  });
  const [created, setCreated] = useState<{ email: string; password: string } | null>(null);
  const create = api.staff.create.useMutation({
    onSuccess: ({ member, initialPassword }) => {
      setCreated({ email: member.email, password: initialPassword });
      onCreated();
    },
    onError: (error) => {
      if (!showOnFields(form, error)) toast.error(error.message);
    },
  });
  const close = () => {
    form.reset();
    setCreated(null);
    onClose();
  };
  return (
    <Dialog open={open} onOpenChange={(next) => !next && close()}>
      <DialogContent>
        {created ? (
          <>
            <DialogHeader>
              <DialogTitle>Account created</DialogTitle>
              <DialogDescription>
                Give {created.email} this password. It is shown only now; they can change it under Account.
              </DialogDescription>
            </DialogHeader>
            <div className="flex items-center gap-2">
              <code className="bg-muted flex-1 rounded-md px-3 py-2 font-mono text-base" data-testid="initial-password">
                {created.password}
              </code>
              <Button
                variant="outline"
                size="icon"
                aria-label="Copy the password"
                onClick={() =>
                  void navigator.clipboard.writeText(created.password).then(
                    () => toast.success('Copied'),
                    () => toast.error('Copy it by hand'),
                  )
                }
              >
                <Copy aria-hidden />
              </Button>
            </div>
            <DialogFooter>
              <Button onClick={close}>Done</Button>
            </DialogFooter>
          </>
        ) : (
          <>
            <DialogHeader>
              <DialogTitle>Add a staff member</DialogTitle>
              <DialogDescription>They sign in with this email and a password you will see once.</DialogDescription>
            </DialogHeader>
            <Form {...form}>
              <form onSubmit={form.handleSubmit((values) => create.mutate(values))} className="grid gap-4" noValidate>
                <FormField
                  control={form.control}
                  name="name"
                  render={({ field }) => (
                    <FormItem>
                      <FormLabel>Name</FormLabel>
                      <FormControl>
                        <Input autoComplete="off" {...field} />
                      </FormControl>
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
                        <Input type="email" autoComplete="off" {...field} />
                      </FormControl>
                      <FormMessage />
                    </FormItem>
                  )}
                />
                <FormField
                  control={form.control}
                  name="role"
                  render={({ field }) => (
                    <FormItem>
                      <FormLabel>Role</FormLabel>
                      <Select value={field.value} onValueChange={field.onChange}>
                        <FormControl>
                          <SelectTrigger className="w-full">
                            <SelectValue>{ROLE_LABEL[field.value]}</SelectValue>
                          </SelectTrigger>
                        </FormControl>
                        <RoleOptions />
                      </Select>
                      <FormMessage />
                    </FormItem>
                  )}
                />
                <DialogFooter>
                  <Button type="button" variant="outline" onClick={close}>
                    Cancel
                  </Button>
                  <Button type="submit" disabled={create.isPending}>
                    {create.isPending ? 'Creating…' : 'Create account'}
                  </Button>
                </DialogFooter>
              </form>
            </Form>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}

/** The roles an account can have, for both role pickers. */
function RoleOptions() {
  return (
    <SelectContent>
      {STAFF_ROLES.map((role) => (
        <SelectItem key={role} value={role}>
          {ROLE_LABEL[role]}
        </SelectItem>
      ))}
    </SelectContent>
  );
}
