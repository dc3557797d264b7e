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
  {
    path: 'review',
    title: 'review.pageTitle',
    loadComponent: () => import('./review/review-queue.component').then((m) => m.ReviewQueueComponent),
  },
  {
    path: ':id',
    title: 'titles.caseDetail',
    loadComponent: () => import('./case-detail/case-detail.component').then((m) => m.CaseDetailComponent),
  },
  {
    path: ':id/steps/:stepId',
    title: 'titles.step',
    loadComponent: () => import('./step/step.component').then((m) => m.StepComponent),
  },
];
