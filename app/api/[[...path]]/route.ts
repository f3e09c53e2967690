import { AppError } from "@/lib/errors";
import { handle } from "@/lib/http/handler";

/** Any path under /api/ that no route serves: the JSON error shape, not Next's HTML page. */
const notFound = handle(async () => {
  throw new AppError("not_found", { detail: "No such endpoint." });
});

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE, notFound as OPTIONS };
