import { Routes } from '@angular/router';

export const MY_WORK_ROUTES: Routes = [
  {
    path: '',
    title: 'titles.myWork',
    loadComponent: () => import('./my-work.component').then((m) => m.MyWorkComponent),
  },
];
