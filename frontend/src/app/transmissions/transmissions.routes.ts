import { Routes } from '@angular/router';

/** The officers' inbox and one transmission (see `transmissionsMatch` in app.routes.ts). */
export const TRANSMISSIONS_ROUTES: Routes = [
  {
    path: '',
    title: 'transmissions.titles.inbox',
    loadComponent: () => import('./inbox.component').then((m) => m.InboxComponent),
  },
  {
    path: ':id',
    title: 'transmissions.titles.detail',
    loadComponent: () => import('./transmission-detail.component').then((m) => m.TransmissionDetailComponent),
  },
];
