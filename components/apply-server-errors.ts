import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { describeFailure, type ApiFailure } from "./api-request";

/**
 * Puts the server's `{ field: [messages] }` next to the matching fields (focusing the first one) and
 * anything no field owns into the form's root error, so nothing the server said is lost.
 */
export function applyServerErrors<T extends FieldValues>(setError: UseFormSetError<T>, failure: ApiFailure, fields: readonly Path<T>[]): void {
  const leftovers: string[] = [];
  let hasFieldError = false;
  for (const [field, messages] of Object.entries(failure.fieldErrors)) {
    const known = fields.find((name) => name === field);
    if (known) {
      setError(known, { type: "server", message: messages.join(" ") }, { shouldFocus: !hasFieldError });
      hasFieldError = true;
    } else {
      leftovers.push(...messages);
    }
  }
  if (leftovers.length > 0) {
    setError("root.server", { type: "server", message: leftovers.join(" ") });
  } else if (!hasFieldError) {
    setError("root.server", { type: "server", message: describeFailure(failure) });
  }
}
