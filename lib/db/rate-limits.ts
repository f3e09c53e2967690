import "server-only";
import { RateLimiterPrisma } from "rate-limiter-flexible";
import type { PrismaClient } from "@/lib/generated/prisma/client";

interface StoredPoints {
  points: number;
  expire: Date | null;
}

/**
 * rate-limiter-flexible's Prisma store (table rate_limits), with a spend taken in one statement instead of
 * the library's two (delete the key if its window is over, then upsert with an increment): one round trip
 * per limited request. The row lock of ON CONFLICT DO UPDATE orders concurrent spends, so each is counted,
 * and a window that is over starts again at this spend, as the library's delete-then-insert does. The
 * library still decides everything else (the limit, blocking, msBeforeNext); the JavaScript clock dates
 * windows, as the library's own store does. A key without expiry (a zero duration) never starts over; a
 * forced write (the library's block and set) overwrites the key, as the library's upsert does.
 */
export class RateLimiterStore extends RateLimiterPrisma {
  private readonly prisma: PrismaClient;

  constructor(options: ConstructorParameters<typeof RateLimiterPrisma>[0] & { storeClient: PrismaClient }) {
    super(options);
    this.prisma = options.storeClient;
  }

  /** The library's store hook (RateLimiterStoreAbstract, untyped): `forceExpire` (block, set) overwrites the key. */
  async _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<StoredPoints> {
    const now = new Date();
    const expire = msDuration > 0 ? new Date(now.getTime() + msDuration) : null;
    const [row] = await this.prisma.$queryRaw<StoredPoints[]>`
      INSERT INTO rate_limits AS r (key, points, expire) VALUES (${key}, ${points}::int, ${expire}::timestamptz)
      ON CONFLICT (key) DO UPDATE SET
        points = CASE WHEN ${forceExpire}::boolean OR r.expire <= ${now}::timestamptz THEN EXCLUDED.points ELSE r.points + EXCLUDED.points END,
        expire = CASE WHEN ${forceExpire}::boolean OR r.expire <= ${now}::timestamptz THEN EXCLUDED.expire ELSE r.expire END
      RETURNING r.points, r.expire`;
    if (!row) throw new Error("rate_limits upsert returned no row");
    return row;
  }
}
