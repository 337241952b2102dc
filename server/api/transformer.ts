// superjson on the wire, with the input side guarded: a client's `meta` is
// checked before superjson walks it, because superjson trusts it (a crafted
// meta makes it recurse without end, call methods on the wrong types, or
// build BigInts from junk) and its own error messages would reach the client.
// Inputs only ever need `undefined` and `Date` annotations on plain paths.
import superjson from 'superjson';
import { z } from 'zod';

const MAX_ANNOTATIONS = 200;
const annotation = z.union([z.enum(['undefined', 'Date']), z.tuple([z.enum(['undefined', 'Date'])])]);
const inputMeta = z
  .object({
    values: z
      .record(z.string().max(300), annotation)
      .refine((values) => Object.keys(values).length <= MAX_ANNOTATIONS)
      .optional(),
    v: z.number().int().optional(),
  })
  .strict();
const superjsonInput = z.object({ json: z.unknown(), meta: inputMeta.optional() }).strict();

/** Thrown for any input superjson should not see; the error formatter answers it as a plain "invalid input". */
export class InvalidWireInput extends Error {
  constructor(readonly detail: string) {
    super('Invalid input');
    this.name = 'InvalidWireInput';
  }
}

export const transformer = {
  input: {
    serialize: (value: unknown) => superjson.serialize(value),
    deserialize: (value: unknown): unknown => {
      if (value === undefined) return undefined;
      const parsed = superjsonInput.safeParse(value);
      if (!parsed.success) throw new InvalidWireInput('superjson envelope or meta not accepted');
      try {
        return superjson.deserialize(parsed.data as Parameters<typeof superjson.deserialize>[0]);
      } catch (error) {
        throw new InvalidWireInput((error as Error).message);
      }
    },
  },
  output: superjson,
};
