"use client";

import { useEffect, useRef, useState, type RefObject } from "react";

export interface ConfirmStep {
  isConfirming: boolean;
  /** The confirming button: focused when the step opens. */
  confirmRef: RefObject<HTMLButtonElement | null>;
  /** The button that opened the step: focused again when it is cancelled. */
  triggerRef: RefObject<HTMLButtonElement | null>;
  open: () => void;
  cancel: () => void;
  close: () => void;
}

/** An action that asks first: the confirmation takes the focus, and Cancel or Escape gives it back to the trigger. */
export function useConfirmStep(): ConfirmStep {
  const [isConfirming, setIsConfirming] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (isConfirming) confirmRef.current?.focus();
  }, [isConfirming]);
  const cancel = (): void => {
    setIsConfirming(false);
    requestAnimationFrame(() => triggerRef.current?.focus());
  };
  return { isConfirming, confirmRef, triggerRef, open: () => setIsConfirming(true), cancel, close: () => setIsConfirming(false) };
}
