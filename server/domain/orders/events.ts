// The port through which order use-cases announce a change; the realtime
// layer (server/realtime) delivers it to every server instance.
export type OrderChanged = { orderId: string; tenantId: string };

export type OrderEvents = { changed(event: OrderChanged): Promise<void> };
