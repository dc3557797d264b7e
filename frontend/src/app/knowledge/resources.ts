import type { ResolvedResources } from '@sanad/protocols';
import { Article, Contact, ContactKind, DirectoryEntry, Knowledge, PlatformGuide } from './knowledge.model';

/** The directory entries and platform guides of a step, looked up in the knowledge base, in the protocol's order. */
export interface StepResourceEntries {
  directory: DirectoryEntry[];
  guides: PlatformGuide[];
  /** Every-platform capture rules, shown with each guide. */
  captureAlways: Knowledge['platforms']['captureAlways'];
  /** Knowledge-base articles for the case's cyberviolence types (e.g. deepfakes). */
  articles: Article[];
}

/**
 * Looks up the ids resolved by the engine's `stepResources`. Ids the knowledge base does not know are left out
 * (the API refuses to start with a protocol naming a missing resource, so this only happens with an old copy).
 */
export function resourceEntries(knowledge: Knowledge, resolved: ResolvedResources, caseTypes: readonly string[] = []): StepResourceEntries {
  const entries = new Map(knowledge.directory.map((e) => [e.id, e]));
  const guides = new Map(knowledge.platforms.guides.map((g) => [g.code, g]));
  return {
    directory: resolved.directory.map((id) => entries.get(id)).filter((e): e is DirectoryEntry => e !== undefined),
    guides: resolved.guides.map((code) => guides.get(code)).filter((g): g is PlatformGuide => g !== undefined),
    captureAlways: knowledge.platforms.captureAlways,
    articles: (knowledge.articles ?? []).filter((a) => a.types.some((t) => caseTypes.includes(t))),
  };
}

/** A contact as a link: `tel:` for phones, `https://wa.me/` for WhatsApp, `mailto:`, or the web address itself. */
export interface ContactLink {
  kind: ContactKind;
  /** What is shown (left-to-right even in Arabic). */
  label: string;
  /** Null when the value cannot be turned into a safe link: it is shown as plain text. */
  href: string | null;
  /** Opens in a new tab (web pages), so a half-filled step form is not left. */
  external: boolean;
}

const WEB = /^https?:\/\/[^\s]+$/i;
const EMAIL = /^[^\s@:/]+@[^\s@:/]+\.[^\s@:/]+$/;

export function contactLink(contact: Contact): ContactLink {
  const value = contact.value.trim();
  switch (contact.kind) {
    case 'phone': {
      const number = value.replace(/[^\d+]/g, '');
      return { kind: 'phone', label: value, href: number ? `tel:${number}` : null, external: false };
    }
    case 'whatsapp': {
      const digits = value.replace(/\D/g, '');
      return { kind: 'whatsapp', label: value, href: digits ? `https://wa.me/${digits}` : null, external: true };
    }
    case 'email':
      return { kind: 'email', label: value, href: EMAIL.test(value) ? `mailto:${value}` : null, external: false };
    case 'url':
      return {
        kind: 'url',
        label: value.replace(/^https?:\/\//i, '').replace(/\/$/, ''),
        href: WEB.test(value) ? value : null,
        external: true,
      };
  }
}

/** A web address safe to link to (http or https), or null. */
export function webLink(url: string | null | undefined): string | null {
  return url && WEB.test(url.trim()) ? url.trim() : null;
}
