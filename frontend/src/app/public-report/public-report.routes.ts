import { Routes } from '@angular/router';

/** The public reporting channel (no account, no staff navigation; see `isPublicPath`). */
export const PUBLIC_REPORT_ROUTES: Routes = [
  {
    path: 'follow-up',
    title: 'publicReport.titles.followUp',
    loadComponent: () => import('./follow-up.component').then((m) => m.FollowUpComponent),
  },
  {
    path: ':schoolCode',
    title: 'publicReport.titles.form',
    loadComponent: () => import('./report-form.component').then((m) => m.ReportFormComponent),
  },
];
