import { useEffect, useRef } from "react";

export interface DesktopShortcuts {
  answer(): void;
  hold(): void;
  mute(): void;
  hangUp(): void;
}

/** Alt+letter, so typing in notes or a number never answers or hangs up a call. */
const KEYS: Record<string, keyof DesktopShortcuts> = {
  KeyA: "answer",
  KeyH: "hold",
  KeyM: "mute",
  KeyX: "hangUp",
};

export function useDesktopShortcuts(actions: DesktopShortcuts): void {
  const latest = useRef(actions);
  latest.current = actions;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const action = KEYS[event.code];
      if (!action) return;
      event.preventDefault();
      latest.current[action]();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
