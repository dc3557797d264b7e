import { Lang } from './language';

export type Role = 'team_member' | 'coordinator' | 'principal' | 'officer' | 'admin';

export interface School {
  id: string;
  name: string;
  nameAr: string;
}

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  locale: Lang;
  school: School | null;
}
