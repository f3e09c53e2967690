import "server-only";
import { getPrisma } from "@/lib/db/client";

/** Who a security email goes to, read when it is sent; with the device of one session when asked. */
export async function findNoticeRecipient(
  userId: string,
  sessionId?: string,
): Promise<{ email: string; userName: string; isVerified: boolean; sessionUserAgent: string | null } | null> {
  const prisma = await getPrisma();
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: { email: true, userName: true, isVerified: true, sessions: { where: { id: sessionId ?? "00000000-0000-0000-0000-000000000000" }, select: { userAgent: true } } },
  });
  if (!user) return null;
  return { email: user.email, userName: user.userName, isVerified: user.isVerified, sessionUserAgent: user.sessions[0]?.userAgent ?? null };
}
