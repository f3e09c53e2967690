"use client";

import { useRouter } from "next/navigation";
import { useState, type JSX } from "react";
import { postJson } from "../api-request";
import { proveStepUpPasskey } from "../passkey-ceremony";
import { SecondFactorForm } from "../second-factor-form";
import type { ProofWay } from "../second-factor-ways";

const ASKS: Record<ProofWay, string> = {
  passkey: "Use your passkey to continue.",
  code: "Enter the current code from your authenticator app to continue.",
  recovery_code: "Enter one of your recovery codes to continue.",
};

/**
 * The admin pages' step-up: the second factor `methods` lists (step-up's), the passkey first, raises this
 * session to two factors (POST /api/mfa/verify/), then the page asked for opens.
 */
export function AdminStepUp({ next, methods }: { next: string; methods: readonly string[] }): JSX.Element {
  const router = useRouter();
  const [isLeaving, setIsLeaving] = useState(false);
  const leave = (): void => {
    setIsLeaving(true);
    router.replace(next);
    router.refresh();
  };

  return (
    <SecondFactorForm
      idPrefix="admin-step-up"
      label="Confirm it is you"
      methods={methods}
      isFocusedOnMount
      isBusy={isLeaving}
      intro={(way) => <p className="lead">The admin pages need two factors. {ASKS[way]}</p>}
      submitLabel="Continue"
      pendingLabel="Checking…"
      onProof={async ({ proof }) => {
        const result = await postJson<Record<string, never>>("/api/mfa/verify/", proof);
        if (!result.ok) return result;
        leave();
        return null;
      }}
      onPasskey={async () => {
        const proof = await proveStepUpPasskey();
        if (proof.ok) leave();
        return proof;
      }}
    />
  );
}
