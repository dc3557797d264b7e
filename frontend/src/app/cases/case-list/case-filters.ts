import { HttpParams } from '@angular/common/http';
import { Params } from '@angular/router';
import { PLATFORMS } from '@sanad/protocols';
import { CASE_STATES } from '../case.model';

/** Sorts the API accepts (`sort=`); the first is its default. */
export const CASE_SORTS = ['-createdAt', 'createdAt', 'nextDueAt', '-updatedAt', 'reference', '-reference'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];
export const DEFAULT_SORT: CaseSort = '-createdAt';

export const TIERS = ['T0', 'T1', 'T2', 'T3'] as const;
export const FILTER_STATES: readonly string[] = CASE_STATES;
export const FILTER_PLATFORMS: readonly string[] = PLATFORMS;

/** Everything the case list can be asked for; kept in the address so a filtered list can be shared and the back button works. */
export interface CaseFilters {
  q: string;
  state: string[];
  tier: string[];
  type: string[];
  platform: string[];
  /** YYYY-MM-DD or '' */
  from: string;
  to: string;
  overdue: boolean;
  review: boolean;
  /** Opened by this person (user id) or ''. */
  createdBy: string;
  /** In charge: 'me', 'none' (nobody yet), a user id, or '' (anyone). */
  assignee: string;
  sort: CaseSort;
  page: number;
}

export const EMPTY_FILTERS: CaseFilters = {
  q: '',
  state: [],
  tier: [],
  type: [],
  platform: [],
  from: '',
  to: '',
  overdue: false,
  review: false,
  createdBy: '',
  assignee: '',
  sort: DEFAULT_SORT,
  page: 1,
};

/** Raw query parameters as the router binds them (each may be missing). */
export type RawFilterParams = Partial<
  Record<
    'q' | 'state' | 'tier' | 'type' | 'platform' | 'from' | 'to' | 'overdue' | 'review' | 'createdBy' | 'assignee' | 'sort' | 'page',
    string | undefined
  >
>;

const CODE = /^[A-Za-z0-9_]{1,40}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const USER_ID = /^[0-9a-f-]{36}$/i;

function list(raw: string | undefined, allowed?: readonly string[]): string[] {
  if (!raw) return [];
  const values = raw.split(',').filter((v) => CODE.test(v) && (!allowed || allowed.includes(v)));
  return [...new Set(values)].slice(0, 20);
}

/** Reads the address; anything the API would refuse is dropped rather than shown as an error. */
export function filtersFromParams(raw: RawFilterParams): CaseFilters {
  const page = Number(raw.page);
  const q = (raw.q ?? '').trim().slice(0, 100);
  return {
    q,
    state: list(raw.state),
    tier: list(raw.tier, TIERS),
    type: list(raw.type),
    platform: list(raw.platform, FILTER_PLATFORMS),
    from: raw.from && DAY.test(raw.from) ? raw.from : '',
    to: raw.to && DAY.test(raw.to) ? raw.to : '',
    overdue: raw.overdue === 'true',
    review: raw.review === 'true',
    createdBy: raw.createdBy && USER_ID.test(raw.createdBy) ? raw.createdBy : '',
    assignee: raw.assignee === 'me' || raw.assignee === 'none' || (raw.assignee && USER_ID.test(raw.assignee)) ? raw.assignee : '',
    sort: (CASE_SORTS as readonly string[]).includes(raw.sort ?? '') ? (raw.sort as CaseSort) : DEFAULT_SORT,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** The address of a list: only what differs from the defaults, so a plain list stays `/cases`. */
export function filtersToQueryParams(f: CaseFilters): Params {
  const params: Params = {};
  if (f.q.trim()) params['q'] = f.q.trim();
  if (f.state.length) params['state'] = f.state.join(',');
  if (f.tier.length) params['tier'] = f.tier.join(',');
  if (f.type.length) params['type'] = f.type.join(',');
  if (f.platform.length) params['platform'] = f.platform.join(',');
  if (f.from) params['from'] = f.from;
  if (f.to) params['to'] = f.to;
  if (f.overdue) params['overdue'] = 'true';
  if (f.review) params['review'] = 'true';
  if (f.createdBy) params['createdBy'] = f.createdBy;
  if (f.assignee) params['assignee'] = f.assignee;
  if (f.sort !== DEFAULT_SORT) params['sort'] = f.sort;
  if (f.page > 1) params['page'] = String(f.page);
  return params;
}

/** The request to `GET /api/cases` (page and page size first, then only the filters in use). */
export function filtersToHttpParams(f: CaseFilters, pageSize: number): HttpParams {
  let params = new HttpParams().set('page', f.page).set('pageSize', pageSize);
  const rest = filtersToQueryParams({ ...f, page: 1 });
  for (const [key, value] of Object.entries(rest)) params = params.set(key, String(value));
  return params;
}

/** How many filters are in use (sort and page are not filters). */
export function activeFilterCount(f: CaseFilters): number {
  return (
    (f.q ? 1 : 0) +
    f.state.length +
    f.tier.length +
    f.type.length +
    f.platform.length +
    (f.from ? 1 : 0) +
    (f.to ? 1 : 0) +
    (f.overdue ? 1 : 0) +
    (f.review ? 1 : 0) +
    (f.createdBy ? 1 : 0) +
    (f.assignee ? 1 : 0)
  );
}
