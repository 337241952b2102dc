// Input shapes the use-cases share, validated at the boundary.
import { z } from 'zod';

/** A row id (a cuid) as a client sends it. */
export const recordId = z.string().trim().min(1, 'is required').max(64, 'is too long');
