/** What a use case knows about the request that caused it: for audit rows, rate limits and emails. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}
