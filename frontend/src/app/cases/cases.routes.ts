import { Routes } from '@angular/router';

export const CASES_ROUTES: Routes = [
  {
    path: '',
    title: 'titles.cases',
    loadComponent: () => import('./case-list/case-list.component').then((m) => m.CaseListComponent),
  },
  {
    path: 'new',
    title: 'titles.newCase',
    loadComponent: () => import('./new-case/new-case.component').then((m) => m.NewCaseComponent),
  },
];
