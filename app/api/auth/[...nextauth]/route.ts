// next-auth, behind the sign-in guard and a strict body parser (server/http/auth-route.ts).
import { authRoute } from '@/server/http/auth-route';

export const runtime = 'nodejs';
export const { GET, POST } = authRoute;
