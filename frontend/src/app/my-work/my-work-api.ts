import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';
import { DueStep } from '../cases/workflow.model';

/** The "my work" endpoint of the API. */
@Injectable({ providedIn: 'root' })
export class MyWorkApi {
  private readonly http = inject(HttpClient);

  /** Steps with a deadline that the person (mine) or the school (school) must do, soonest first. */
  due(scope: 'mine' | 'school' = 'mine'): Observable<DueStep[]> {
    return this.http.get<DueStep[]>('/api/cases/due', { params: new HttpParams().set('scope', scope) });
  }
}
