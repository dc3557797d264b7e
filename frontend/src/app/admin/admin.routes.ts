import { Routes } from '@angular/router';

/** The administration pages (a session acting as administrator; see `adminMatch` in app.routes.ts). */
export const ADMIN_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'accounts' },
  {
    path: 'accounts',
    title: 'admin.titles.accounts',
    loadComponent: () => import('./accounts.component').then((m) => m.AccountsComponent),
  },
];
