import { Routes } from '@angular/router';

/** The administration pages (a session acting as administrator; see `adminMatch` in app.routes.ts). */
export const ADMIN_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'accounts' },
  {
    path: 'accounts',
    title: 'admin.titles.accounts',
    loadComponent: () => import('./accounts.component').then((m) => m.AccountsComponent),
  },
  {
    path: 'accounts/new',
    title: 'admin.titles.newAccount',
    loadComponent: () => import('./account-new.component').then((m) => m.AccountNewComponent),
  },
  {
    path: 'accounts/:id',
    title: 'admin.titles.account',
    loadComponent: () => import('./account.component').then((m) => m.AccountComponent),
  },
  {
    path: 'schools',
    title: 'admin.titles.schools',
    loadComponent: () => import('./schools.component').then((m) => m.SchoolsComponent),
  },
  {
    path: 'import',
    title: 'admin.titles.import',
    loadComponent: () => import('./import.component').then((m) => m.ImportComponent),
  },
];
