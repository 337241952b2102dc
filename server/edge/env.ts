// The edge runtime's reader of process.env (the Node server's is server/env.ts):
// the same schema, only the variables the middleware uses, parsed once.
import { edgeEnvSchema, parseEnv, type EdgeEnv } from '../env-schema';

let cached: EdgeEnv | undefined;

export function edgeEnv(): EdgeEnv {
  cached ??= parseEnv(
    Object.fromEntries(Object.keys(edgeEnvSchema.shape).map((name) => [name, process.env[name]])),
    edgeEnvSchema,
  ) as unknown as EdgeEnv;
  return cached;
}
