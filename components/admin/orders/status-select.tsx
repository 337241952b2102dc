'use client';
// One dropdown per order and per item: the statuses the state machine allows
// now (forward and backward), and the special moves (cancel asks for a
// reason; a cancelled order is reopened to where it came from). A native
// select: the board holds hundreds of them (components/ui/native-select.tsx).
import { NativeSelect } from '@/components/ui/native-select';
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
    <NativeSelect
      aria-label={label}
      data-testid={testId}
      data-status={current}
      // Controlled: a choice that opens a dialog (cancel) or waits for the server leaves the shown status as it is.
      value={current}
      disabled={disabled || nothingToDo}
      onChange={(event) => {
        const value = event.target.value;
        if (value === CANCEL) onChoose({ kind: 'cancel' });
        else if (value === REOPEN) onChoose({ kind: 'reopen' });
        else if (value !== current) onChoose({ kind: 'set', to: value as S });
      }}
      wrapperClassName={size === 'sm' ? 'w-32 shrink-0' : 'min-w-0 flex-1 @[18rem]:max-w-44'}
      className={size === 'sm' ? 'h-8 text-sm' : undefined}
    >
      <option value={current}>{STAFF_STATUS_LABEL[current]}</option>
      {statuses.length > 0 && (
        <optgroup label="Move to">
          {statuses.map((status) => (
            <option key={status} value={status}>
              {STAFF_STATUS_LABEL[status]}
            </option>
          ))}
        </optgroup>
      )}
      {reopenTo && <option value={REOPEN}>Reopen as {STAFF_STATUS_LABEL[reopenTo].toLowerCase()}</option>}
      {canCancel && <option value={CANCEL}>Cancel…</option>}
    </NativeSelect>
  );
}
