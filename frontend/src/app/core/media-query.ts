import { DOCUMENT, DestroyRef, Signal, inject, signal } from '@angular/core';

/**
 * A signal that follows a CSS media query (true while it matches). Em-based queries also react to text zoom.
 * Call it in an injection context (a field initializer or constructor).
 */
export function mediaQuery(query: string): Signal<boolean> {
  const view = inject(DOCUMENT).defaultView;
  if (!view?.matchMedia) return signal(false).asReadonly();
  const list = view.matchMedia(query);
  const matches = signal(list.matches);
  const listener = (event: MediaQueryListEvent): void => matches.set(event.matches);
  list.addEventListener('change', listener);
  inject(DestroyRef).onDestroy(() => list.removeEventListener('change', listener));
  return matches.asReadonly();
}
