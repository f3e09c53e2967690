"use client";

import { useCallback, useRef, useState, type JSX } from "react";
import { postJson, type ApiResult } from "./api-request";
import { proveStepUpPasskey } from "./passkey-ceremony";
import { SecondFactorForm } from "./second-factor-form";
import type { ProofWay } from "./second-factor-ways";

/**
 * Back to where the person was: the form's button, which its own request keeps disabled until the retried
 * request is over (a disabled button cannot take the focus).
 */
function focusWhenEnabled(target: HTMLElement): void {
  const isReady = (): boolean => target.isConnected && !target.hasAttribute("disabled");
  if (isReady()) {
    target.focus();
    return;
  }
  const observer = new MutationObserver(() => {
    if (!isReady()) return;
    observer.disconnect();
    target.focus();
  });
  observer.observe(target, { attributes: true, attributeFilter: ["disabled"] });
  window.setTimeout(() => observer.disconnect(), 60_000);
}

/** What the prompt asks for, by the way it shows. */
const STEP_UP_ASKS: Record<ProofWay, string> = {
  passkey: "To confirm it is you, use your passkey.",
  code: "To confirm it is you, enter a code from your authenticator app.",
  recovery_code: "To confirm it is you, enter one of your recovery codes.",
};

export interface StepUp {
  /**
   * Sends `request`; when the server wants a recent second factor first (403 step_up_required), asks for
   * one with the prompt (the ways the refusal lists, a passkey first), raises the session through POST /api/mfa/verify/ and sends `request` once more.
   * Null when the person cancelled the prompt.
   */
  send: <T>(request: () => Promise<ApiResult<T>>) => Promise<ApiResult<T> | null>;
  /** Where the prompt appears: render it after the form (never inside it: forms do not nest). */
  prompt: JSX.Element | null;
  /** On the form (focus returns to its submit button) or the button that asked: where focus goes back after the prompt. */
  returnFocusRef: (element: HTMLElement | null) => void;
  /**
   * The prompt is open: the action that asked waits for the person, not for the server, so its button shows
   * its own label (disabled, no spinner) instead of "Saving…", which would look stuck.
   */
  isAsking: boolean;
}

/**
 * A sensitive action's step-up (changing the password or email, new recovery codes): the form's request
 * waits while the prompt asks for a code, so the form stays busy and its fields keep what was typed.
 */
export function useStepUp(idPrefix: string): StepUp {
  const [isAsking, setIsAsking] = useState(false);
  /** The ways the account can prove a second factor (step_up_required's methods). */
  const [methods, setMethods] = useState<string[]>([]);
  const settle = useRef<((isVerified: boolean) => void) | null>(null);
  const anchorRef = useRef<HTMLElement | null>(null);
  const returnFocusRef = useCallback((element: HTMLElement | null) => {
    anchorRef.current = element;
  }, []);

  const finish = (isVerified: boolean): void => {
    setIsAsking(false);
    settle.current?.(isVerified);
    settle.current = null;
    const anchor = anchorRef.current;
    const target = anchor?.matches("button") ? anchor : anchor?.querySelector<HTMLElement>('button[type="submit"]');
    if (target) focusWhenEnabled(target);
  };

  const send = async <T,>(request: () => Promise<ApiResult<T>>): Promise<ApiResult<T> | null> => {
    const first = await request();
    if (first.ok || first.code !== "step_up_required") return first;
    setMethods(first.extras.methods ?? []);
    const isVerified = await new Promise<boolean>((resolve) => {
      settle.current = resolve;
      setIsAsking(true);
    });
    return isVerified ? request() : null;
  };

  const prompt = isAsking ? (
    <SecondFactorForm
      idPrefix={`${idPrefix}-step-up`}
      label="Confirm it is you"
      methods={methods}
      isFocusedOnMount
      announceOnOpen={(way) => STEP_UP_ASKS[way]}
      intro={(way) => <p className="field-hint">{STEP_UP_ASKS[way]} You will not be asked again for 10 minutes.</p>}
      submitLabel="Confirm"
      pendingLabel="Checking…"
      onProof={async ({ proof }) => {
        const result = await postJson<Record<string, never>>("/api/mfa/verify/", proof);
        if (!result.ok) return result;
        finish(true);
        return null;
      }}
      onPasskey={async () => {
        const proof = await proveStepUpPasskey();
        if (proof.ok) finish(true);
        return proof;
      }}
      passkeyLabel="Confirm with your passkey"
      onCancel={() => finish(false)}
    />
  ) : null;

  return { send, prompt, returnFocusRef, isAsking };
}
