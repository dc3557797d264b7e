import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, map } from 'rxjs';
import { PersonKind, PersonRole, PersonSex } from './new-case/people-draft';

/** A person involved in a case. `code` (E1, A1, W1, R1) is what is used outside the school. */
export interface CasePerson {
  id: string;
  code: string;
  role: PersonRole;
  kind: PersonKind;
  displayName: string | null;
  classLabel: string | null;
  note: string | null;
  /** sensitive (issue #13): null when not recorded; never shown outside the school */
  sex: PersonSex | null;
  createdAt: string;
  createdBy: { id: string; displayName: string };
}

export interface NewPerson {
  role: PersonRole;
  kind: PersonKind;
  displayName?: string | null;
  classLabel?: string | null;
  note?: string | null;
  sex?: PersonSex | null;
}

/** `/api/cases/:id/people`: the people involved, with their pseudonymous codes. */
@Injectable({ providedIn: 'root' })
export class PeopleApi {
  private readonly http = inject(HttpClient);

  list(caseId: string): Observable<CasePerson[]> {
    return this.http.get<{ items: CasePerson[] }>(`/api/cases/${encodeURIComponent(caseId)}/people`).pipe(map((r) => r.items));
  }

  add(caseId: string, person: NewPerson): Observable<CasePerson> {
    return this.http.post<CasePerson>(`/api/cases/${encodeURIComponent(caseId)}/people`, person);
  }

  update(caseId: string, personId: string, changes: Partial<NewPerson>): Observable<CasePerson> {
    return this.http.patch<CasePerson>(`/api/cases/${encodeURIComponent(caseId)}/people/${encodeURIComponent(personId)}`, changes);
  }

  remove(caseId: string, personId: string): Observable<void> {
    return this.http.delete<void>(`/api/cases/${encodeURIComponent(caseId)}/people/${encodeURIComponent(personId)}`);
  }
}
