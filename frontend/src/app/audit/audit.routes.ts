import { Routes } from '@angular/router';

export const AUDIT_ROUTES: Routes = [
  {
    path: '',
    title: 'titles.audit',
    loadComponent: () => import('./audit.component').then((m) => m.AuditComponent),
  },
];
