import { Routes } from '@angular/router';

export const STATISTICS_ROUTES: Routes = [
  {
    path: '',
    title: 'titles.statistics',
    loadComponent: () => import('./statistics.component').then((m) => m.StatisticsComponent),
  },
];
