import { Routes } from '@angular/router';

export const ACCOUNT_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'security' },
  {
    path: 'security',
    title: 'titles.security',
    loadComponent: () => import('./security.component').then((m) => m.SecurityComponent),
  },
];
