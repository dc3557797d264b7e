import { Routes } from '@angular/router';

/** The intake queue of the resource team: reports from the public page (see `caseWorkGuard` in app.routes.ts). */
export const INTAKE_ROUTES: Routes = [
  {
    path: '',
    title: 'intakeQueue.titles.list',
    loadComponent: () => import('./intake-list.component').then((m) => m.IntakeListComponent),
  },
  {
    path: ':id',
    title: 'intakeQueue.titles.detail',
    loadComponent: () => import('./intake-detail.component').then((m) => m.IntakeDetailComponent),
  },
];
