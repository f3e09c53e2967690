"use client";

import { useCallback, useEffect, useState } from "react";

export interface Countdown {
  /** Whole seconds left (0 once elapsed); null when there is nothing to count down. */
  secondsLeft: number | null;
  restart: (seconds: number | null) => void;
}

/** Counts down from a duration the server measured; the deadline is fixed on this clock once, at mount. */
export function useCountdown(initialSeconds: number | null): Countdown {
  const [deadline, setDeadline] = useState<number | null>(null);
  const [secondsLeft, setSecondsLeft] = useState<number | null>(initialSeconds);

  const restart = useCallback((seconds: number | null): void => {
    setSecondsLeft(seconds);
    setDeadline(seconds === null ? null : Date.now() + seconds * 1000);
  }, []);

  useEffect(() => {
    restart(initialSeconds);
  }, [initialSeconds, restart]);

  useEffect(() => {
    if (deadline === null) return;
    const tick = (): boolean => {
      const left = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
      setSecondsLeft(left);
      return left > 0;
    };
    if (!tick()) return;
    const timer = window.setInterval(() => {
      if (!tick()) window.clearInterval(timer);
    }, 250);
    return () => window.clearInterval(timer);
  }, [deadline]);

  return { secondsLeft, restart };
}

/** 75 -> "1:15". */
export function formatClock(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${minutes}:${String(seconds % 60).padStart(2, "0")}`;
}
