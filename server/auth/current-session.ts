// The process's one session check, over the database (see session-check.ts).
import 'server-only';
import { db } from '../db';
import { env } from '../env';
import { createSessionCheck } from './session-check';

const globalCheck = globalThis as unknown as { tablesideSessionCheck?: ReturnType<typeof createSessionCheck> };

export const sessionCheck = (globalCheck.tablesideSessionCheck ??= createSessionCheck({
  load: (userId) =>
    db.user.findUnique({
      where: { id: userId },
      select: { active: true, tenantId: true, role: true, isOperator: true, sessionVersion: true },
    }),
  trustMs: env.STAFF_SESSION_RECHECK_SECONDS * 1000,
}));
