// Staff roles (SPEC §2): owners run everything of their restaurant, staff
// run the board and the catalog's availability.
export const STAFF_ROLES = ['OWNER', 'STAFF'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ROLE_LABEL: Record<StaffRole, string> = { OWNER: 'Owner', STAFF: 'Staff' };
