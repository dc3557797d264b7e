import { HttpClient, HttpErrorResponse, HttpEvent, HttpResponse } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

export const EVIDENCE_KINDS = ['file', 'link', 'description'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** Who an item was handed to (`POST …/transmissions`, the API's RECIPIENTS). */
export const RECIPIENTS = ['police', 'gendarmerie', 'prosecutor', 'e_blagh', 'platform', 'other'] as const;
export type Recipient = (typeof RECIPIENTS)[number];

export const CUSTODY_ACTIONS = ['captured', 'viewed', 'downloaded', 'transmitted', 'deleted'] as const;

/** What the file input offers (the API decides from the bytes; this only filters the picker). */
export const ACCEPTED_TYPES = 'image/png,image/jpeg,image/webp,application/pdf,text/plain';

export interface EvidenceFile {
  mediaType: string;
  fileName: string;
  sizeBytes: number;
  storedSizeBytes: number;
  originalSha256: string;
  storedSha256: string;
  metadataStripped: boolean;
}

export interface EvidenceLink {
  url: string;
  platform: string;
  accountHandle: string | null;
  accountName: string | null;
  seenBy: string | null;
}

export interface CustodyEvent {
  seq: number;
  at: string;
  action: string;
  actor: { id: string; role: string | null; displayName: string } | null;
  details: Record<string, unknown>;
}

/** One item as the API returns it (backend/src/evidence/dto.ts, EvidenceItemDto). */
export interface EvidenceItem {
  id: string;
  kind: string;
  title: string;
  note: string | null;
  stepId: string | null;
  capturedAt: string | null;
  capturedOn: string | null;
  createdBy: { id: string; displayName: string };
  createdAt: string;
  file: EvidenceFile | null;
  link: EvidenceLink | null;
  description: string | null;
  deleted: { at: string; by: { id: string; displayName: string }; reason: string } | null;
  /** only when one item is asked for */
  custody?: CustodyEvent[];
}

export interface EvidenceList {
  items: EvidenceItem[];
  /** false when the case involves sexual content of a minor: a written description only */
  filesAllowed: boolean;
  maxFileBytes: number;
  usedBytes: number;
  maxCaseBytes: number;
  acceptedTypes: string[];
}

/** The fields every kind shares. */
export interface CaptureFields {
  title: string;
  note?: string;
  /** ISO instant */
  capturedAt?: string;
  capturedOn?: string;
}

export interface LinkFields extends CaptureFields {
  url: string;
  platform: string;
  accountHandle?: string;
  accountName?: string;
  seenBy?: string;
}

export interface DescriptionFields extends CaptureFields {
  description: string;
}

/** The evidence endpoints of the API (docs/evidence.md). */
@Injectable({ providedIn: 'root' })
export class EvidenceApi {
  private readonly http = inject(HttpClient);

  private base(caseId: string): string {
    return `/api/cases/${encodeURIComponent(caseId)}/evidence`;
  }

  list(caseId: string): Observable<EvidenceList> {
    return this.http.get<EvidenceList>(this.base(caseId));
  }

  /** Multipart upload (field `file` + the capture fields), with upload progress events. */
  addFile(caseId: string, file: File, fields: CaptureFields): Observable<HttpEvent<EvidenceItem>> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) {
      if (typeof value === 'string' && value !== '') form.append(name, value);
    }
    form.append('file', file, file.name);
    return this.http.post<EvidenceItem>(`${this.base(caseId)}/files`, form, { reportProgress: true, observe: 'events' });
  }

  addLink(caseId: string, fields: LinkFields): Observable<EvidenceItem> {
    return this.http.post<EvidenceItem>(`${this.base(caseId)}/links`, fields);
  }

  addDescription(caseId: string, fields: DescriptionFields): Observable<EvidenceItem> {
    return this.http.post<EvidenceItem>(`${this.base(caseId)}/descriptions`, fields);
  }

  /** The item with its chain of custody (the API records this viewing). */
  get(caseId: string, itemId: string): Observable<EvidenceItem> {
    return this.http.get<EvidenceItem>(`${this.base(caseId)}/${encodeURIComponent(itemId)}`);
  }

  /** The stored copy, always as an attachment. Errors come back as a Blob holding the JSON error. */
  content(caseId: string, itemId: string): Observable<HttpResponse<Blob>> {
    return this.http.get(`${this.base(caseId)}/${encodeURIComponent(itemId)}/content`, { observe: 'response', responseType: 'blob' });
  }

  transmit(caseId: string, itemId: string, recipient: Recipient, reference?: string): Observable<EvidenceItem> {
    return this.http.post<EvidenceItem>(
      `${this.base(caseId)}/${encodeURIComponent(itemId)}/transmissions`,
      reference ? { recipient, reference } : { recipient },
    );
  }

  delete(caseId: string, itemId: string, reason: string): Observable<void> {
    return this.http.delete<void>(`${this.base(caseId)}/${encodeURIComponent(itemId)}`, { body: { reason } });
  }
}

/** Reads the JSON error body of a failed blob request into an HttpErrorResponse the usual helpers understand. */
export async function readBlobError(error: unknown): Promise<unknown> {
  if (!(error instanceof HttpErrorResponse) || !(error.error instanceof Blob)) return error;
  try {
    const body: unknown = JSON.parse(await error.error.text());
    return new HttpErrorResponse({ error: body, status: error.status, statusText: error.statusText, url: error.url ?? undefined });
  } catch {
    return new HttpErrorResponse({ error: null, status: error.status, statusText: error.statusText, url: error.url ?? undefined });
  }
}

/** A size in the units people know: `{ unit: 'mb', n: '9,5' }` → "9,5 Mo". */
export function sizeParts(bytes: number, locale: string): { unit: 'b' | 'kb' | 'mb'; n: string } {
  const format = (v: number, digits: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v);
  if (bytes < 1024) return { unit: 'b', n: format(bytes, 0) };
  if (bytes < 1024 * 1024) return { unit: 'kb', n: format(bytes / 1024, 0) };
  return { unit: 'mb', n: format(bytes / (1024 * 1024), 1) };
}

export function isKind(value: string): value is EvidenceKind {
  return (EVIDENCE_KINDS as readonly string[]).includes(value);
}
