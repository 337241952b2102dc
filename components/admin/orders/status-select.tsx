'use client';
// One dropdown per order and per item: the statuses the state machine allows
// now (forward and backward), and the special moves (cancel asks for a
// reason; a cancelled order is reopened to where it came from).
import { Select, SelectContent, SelectItem, SelectSeparator, SelectTrigger, SelectValue } from '@/components/ui/select';
import { STAFF_STATUS_LABEL, type ItemStatus, type OrderStatus } from '@/server/shared/order-lifecycle';

export type StatusChoice<S extends string> = { kind: 'set'; to: S } | { kind: 'cancel' } | { kind: 'reopen' };

const CANCEL = '__cancel';
const REOPEN = '__reopen';

export function StatusSelect<S extends OrderStatus | ItemStatus>({
  label,
  current,
  statuses,
  canCancel,
  reopenTo,
  disabled,
  size = 'default',
  onChoose,
  testId,
}: {
  /** What the control changes, for screen readers ("Status of Anna's order"). */
  label: string;
  current: S;
  statuses: readonly S[];
  canCancel: boolean;
  reopenTo?: OrderStatus | null;
  disabled?: boolean;
  size?: 'default' | 'sm';
  onChoose: (choice: StatusChoice<S>) => void;
  testId?: string;
}) {
  const nothingToDo = statuses.length === 0 && !canCancel && !reopenTo;
  return (
    <Select
      value={current}
      disabled={disabled || nothingToDo}
      onValueChange={(value) => {
        if (value === CANCEL) onChoose({ kind: 'cancel' });
        else if (value === REOPEN) onChoose({ kind: 'reopen' });
        else if (value !== current) onChoose({ kind: 'set', to: value as S });
      }}
    >
      <SelectTrigger
        aria-label={label}
        data-testid={testId}
        data-status={current}
        className={size === 'sm' ? 'h-8 w-32 shrink-0 text-sm' : 'min-w-0 flex-1 @[18rem]:max-w-44'}
      >
        {/* The label given here is also what the server renders, before the menu ever opens. */}
        <SelectValue>{STAFF_STATUS_LABEL[current]}</SelectValue>
      </SelectTrigger>
      <SelectContent>
        <SelectItem value={current}>{STAFF_STATUS_LABEL[current]}</SelectItem>
        {statuses.map((status) => (
          <SelectItem key={status} value={status}>
            {STAFF_STATUS_LABEL[status]}
          </SelectItem>
        ))}
        {(canCancel || reopenTo) && <SelectSeparator />}
        {reopenTo && <SelectItem value={REOPEN}>Reopen as {STAFF_STATUS_LABEL[reopenTo].toLowerCase()}</SelectItem>}
        {canCancel && (
          <SelectItem value={CANCEL} className="text-destructive">
            Cancel…
          </SelectItem>
        )}
      </SelectContent>
    </Select>
  );
}
