"use client";

import type { JSX } from "react";
import type { CodeState } from "./use-code-state";
import { FormAlert } from "./form-alert";
import { formatClock } from "./use-countdown";

/**
 * Under a code field: the countdown while the code lives, or, once it is dead, the one message that says
 * why and what to do (no countdown next to it).
 */
export function CodeStatus({ state }: { state: CodeState }): JSX.Element | null {
  if (state.deadMessage) return <FormAlert tone="error">{state.deadMessage}</FormAlert>;
  if (state.secondsLeft === null) return null;
  return (
    <p className="timer" role="timer" aria-live="off">
      The code expires in {formatClock(state.secondsLeft)}.
    </p>
  );
}
