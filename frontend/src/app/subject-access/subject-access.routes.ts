import { Routes } from '@angular/router';

export const SUBJECT_ACCESS_ROUTES: Routes = [
  {
    path: '',
    title: 'titles.subjectAccess',
    loadComponent: () => import('./subject-access.component').then((m) => m.SubjectAccessComponent),
  },
];
