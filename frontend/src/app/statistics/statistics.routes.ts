import { Routes } from '@angular/router';
import { principalMatch } from '../core/role.guards';

export const STATISTICS_ROUTES: Routes = [
  {
    // the principal's periodic summaries to the direction provinciale and the academy (issue #9)
    path: 'summaries',
    canMatch: [principalMatch],
    title: 'transmissions.titles.summaries',
    loadComponent: () => import('../transmissions/summaries.component').then((m) => m.SummariesComponent),
  },
  {
    path: '',
    title: 'titles.statistics',
    loadComponent: () => import('./statistics.component').then((m) => m.StatisticsComponent),
  },
];
