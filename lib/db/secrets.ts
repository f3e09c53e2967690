import "server-only";
import { getPrisma } from "@/lib/db/client";

/**
 * Returns the stored value of a server secret, storing `candidate` first if there is none.
 * Instances racing at first start all end up with the one value that won the insert.
 */
export async function findOrCreateSecret(name: string, candidate: string): Promise<string> {
  const prisma = await getPrisma();
  await prisma.serverSecret.createMany({ data: [{ name, value: candidate }], skipDuplicates: true });
  const row = await prisma.serverSecret.findUniqueOrThrow({ where: { name } });
  return row.value;
}
