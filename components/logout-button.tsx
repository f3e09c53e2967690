"use client";

import { useRouter } from "next/navigation";
import { useState, type JSX } from "react";
import { postJson } from "./api-request";
import { ActionError } from "./action-error";

/** Ends the session on the server; the cookies are cleared by the response whatever happens. */
export function LogoutButton({ className = "button button-secondary" }: { className?: string }): JSX.Element {
  const router = useRouter();
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const signOut = async (): Promise<void> => {
    setIsPending(true);
    setError(null);
    const result = await postJson<null>("/api/logout", {});
    if (!result.ok) {
      setIsPending(false);
      setError("We could not sign you out. Try again.");
      return;
    }
    router.replace("/login?signed_out=1");
    router.refresh();
  };

  return (
    <div className="logout">
      <button type="button" className={className} onClick={signOut} disabled={isPending} aria-disabled={isPending}>
        {isPending ? "Signing out…" : "Sign out"}
      </button>
      <ActionError message={error} />
    </div>
  );
}
