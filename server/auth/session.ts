import 'server-only';
import { getServerSession } from 'next-auth';
import { authOptions } from './options';

export function getStaffSession() {
  return getServerSession(authOptions);
}
