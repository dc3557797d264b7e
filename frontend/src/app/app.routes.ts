import { Routes } from '@angular/router';
import { authGuard } from './core/auth.guard';
import { adminMatch, caseWorkGuard, principalMatch, statisticsMatch, transmissionsMatch } from './core/role.guards';

export const routes: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'my-work' },
  {
    path: 'sign-in',
    title: 'titles.signIn',
    loadComponent: () => import('./auth/sign-in.component').then((m) => m.SignInComponent),
  },
  {
    path: 'setup-password',
    title: 'titles.setupPassword',
    loadComponent: () => import('./auth/setup-password.component').then((m) => m.SetupPasswordComponent),
  },
  {
    path: 'my-work',
    canActivate: [authGuard, caseWorkGuard],
    loadChildren: () => import('./my-work/my-work.routes').then((m) => m.MY_WORK_ROUTES),
  },
  {
    path: 'cases',
    canActivate: [authGuard, caseWorkGuard],
    loadChildren: () => import('./cases/cases.routes').then((m) => m.CASES_ROUTES),
  },
  {
    // the public reporting channel (issue #11): no account, no staff navigation (core/public-paths.ts)
    path: 'report',
    loadChildren: () => import('./public-report/public-report.routes').then((m) => m.PUBLIC_REPORT_ROUTES),
  },
  {
    // reports from the public page, waiting for the resource team (docs/public-reporting.md)
    path: 'intake',
    canActivate: [authGuard, caseWorkGuard],
    loadChildren: () => import('./intake/intake.routes').then((m) => m.INTAKE_ROUTES),
  },
  {
    path: 'account',
    canActivate: [authGuard],
    loadChildren: () => import('./account/account.routes').then((m) => m.ACCOUNT_ROUTES),
  },
  {
    path: 'audit',
    canActivate: [authGuard],
    loadChildren: () => import('./audit/audit.routes').then((m) => m.AUDIT_ROUTES),
  },
  {
    path: 'statistics',
    canMatch: [statisticsMatch],
    canActivate: [authGuard],
    loadChildren: () => import('./statistics/statistics.routes').then((m) => m.STATISTICS_ROUTES),
  },
  {
    path: 'transmissions',
    canMatch: [transmissionsMatch],
    canActivate: [authGuard],
    loadChildren: () => import('./transmissions/transmissions.routes').then((m) => m.TRANSMISSIONS_ROUTES),
  },
  {
    // access requests under Law 09-08 (docs/subject-access.md): the principal only
    path: 'subject-access',
    canMatch: [principalMatch],
    canActivate: [authGuard],
    loadChildren: () => import('./subject-access/subject-access.routes').then((m) => m.SUBJECT_ACCESS_ROUTES),
  },
  {
    path: 'admin',
    canMatch: [adminMatch],
    canActivate: [authGuard],
    loadChildren: () => import('./admin/admin.routes').then((m) => m.ADMIN_ROUTES),
  },
  {
    path: '**',
    title: 'titles.notFound',
    loadComponent: () => import('./core/not-found/not-found.component').then((m) => m.NotFoundComponent),
  },
];
