"use client";
import { useEffect, useState } from "react";

/** The current time, refreshed every `ms` (render stays pure: the clock is state). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
